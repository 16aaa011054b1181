import type { Language } from '../languages.js';
import { ar } from './ar.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { ro } from './ro.js';
import { ru } from './ru.js';
import { sq } from './sq.js';
import { zh } from './zh.js';

// One catalogue per language. English defines the keys; every other catalogue is typed against it,
// so a missing key fails the type check and the prompt test, never a live call.

export type PromptKey = keyof typeof en;
export type Catalogue = Record<PromptKey, string>;

export type SpokenLanguage = Exclude<Language, 'other'>;

export const CATALOGUES: Record<SpokenLanguage, Catalogue> = { it, en, fr, ro, ar, sq, es, ru, zh };

/** Values for a prompt's `{placeholders}` (a queue position, minutes of wait). */
export type PromptVars = Record<string, string | number>;

/** Texts an admin has changed, by language and key; the catalogue's text where there is none. */
export type PromptTexts = Partial<Record<SpokenLanguage, Partial<Record<PromptKey, string>>>>;

/** The `{placeholders}` a text uses: an edited text must keep the same ones. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

export function prompt(language: Language, key: PromptKey, vars?: PromptVars, texts?: PromptTexts): string {
  const spoken: SpokenLanguage = language === 'other' ? 'en' : language;
  const text: string = texts?.[spoken]?.[key] ?? CATALOGUES[spoken][key];
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}
