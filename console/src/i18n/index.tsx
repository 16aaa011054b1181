import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Language } from '../contracts.js';
import { en, type Dictionary, type MessageKey } from './en.js';
import { it } from './it.js';

export type { MessageKey } from './en.js';
export type UiLang = 'en' | 'it';
export const UI_LANGS: readonly UiLang[] = ['en', 'it'];
const DICTIONARIES: Record<UiLang, Dictionary> = { en, it };
const STORAGE_KEY = 'approdo.lang';

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

interface I18n {
  lang: UiLang;
  setLang: (lang: UiLang) => void;
  t: Translate;
  /** The locale for dates and numbers. */
  locale: string;
}

const I18nContext = createContext<I18n | null>(null);

function storedLang(): UiLang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'it') return saved;
  } catch {
    // Storage can be refused (private mode, policies): fall back to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('it') ? 'it' : 'en';
}

export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<UiLang>(() => {
    const initial = storedLang();
    document.documentElement.lang = initial;
    return initial;
  });

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: UiLang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the switch still applies to this page.
    }
  }, []);

  const t = useCallback<Translate>((key, vars) => interpolate(DICTIONARIES[lang][key], vars), [lang]);
  const value = useMemo<I18n>(() => ({ lang, setLang, t, locale: lang === 'it' ? 'it-IT' : 'en-GB' }), [lang, setLang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

export const useT = (): Translate => useI18n().t;

/** The IVR languages, each named in itself (what the caller chose), with a BCP 47 tag for `lang`. */
export const LANGUAGE_AUTONYMS: Record<Exclude<Language, 'other'>, { name: string; tag: string }> = {
  it: { name: 'Italiano', tag: 'it' },
  en: { name: 'English', tag: 'en' },
  fr: { name: 'Français', tag: 'fr' },
  ro: { name: 'Română', tag: 'ro' },
  ar: { name: 'العربية', tag: 'ar' },
  sq: { name: 'Shqip', tag: 'sq' },
  es: { name: 'Español/Português', tag: 'es' },
  ru: { name: 'Русский/Українська', tag: 'ru' },
  zh: { name: '中文', tag: 'zh' },
};

export function languageName(t: Translate, language: Language | null | undefined): string {
  if (!language) return t('app.dash');
  return language === 'other' ? t('lang.other') : LANGUAGE_AUTONYMS[language].name;
}

/** A caller language shown in its own script and direction. */
export function LanguageName({ language }: { language: Language | null | undefined }) {
  const t = useT();
  if (!language || language === 'other') return <>{languageName(t, language)}</>;
  const { name, tag } = LANGUAGE_AUTONYMS[language];
  return <bdi lang={tag}>{name}</bdi>;
}

/** A sentence with the caller language in its own script and direction where `{language}` stands. */
export function WithLanguage({ text, language }: { text: string; language: Language }) {
  const [before, after] = text.split('{language}');
  return <>{before}<LanguageName language={language} />{after}</>;
}
