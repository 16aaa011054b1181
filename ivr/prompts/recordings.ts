import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { en } from './en.js';
import type { PromptKey, SpokenLanguage } from './catalogue.js';

/**
 * Recorded prompts, for languages Twilio cannot speak (Albanian) or that an admin prefers recorded:
 * `<dir>/<language>/<key>.mp3` (or .wav), played with `<Play>`. A missing file falls back to speech,
 * so a half-recorded language still works. Prompts with values in them (a queue position) are
 * always spoken.
 */
export interface Recordings {
  urlOf(language: SpokenLanguage, key: PromptKey): string | null;
}

export const NO_RECORDINGS: Recordings = { urlOf: () => null };

const KEYS = new Set(Object.keys(en));

/** Reads which recordings exist once, at start; `baseUrl` is where they are served from. */
export function scanRecordings(dir: string, languages: readonly SpokenLanguage[], baseUrl: string): Recordings {
  const found = new Map<string, string>();
  for (const language of languages) {
    const folder = join(dir, language);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder)) {
      const m = /^(\w+)\.(mp3|wav)$/.exec(file);
      if (m && KEYS.has(m[1]!)) found.set(`${language}/${m[1]}`, `${baseUrl}/${language}/${file}`);
    }
  }
  return { urlOf: (language, key) => found.get(`${language}/${key}`) ?? null };
}
