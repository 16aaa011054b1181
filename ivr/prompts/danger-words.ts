import type { SpokenLanguage } from './catalogue.js';

// Saying "danger" at a menu counts as pressing 9 (issue 4). Twilio's speech recognition listens in
// one language per Gather: the menu's own. The words are the ones a person in danger says, not
// the everyday "help" ("I need help for a friend" must not jump the line), written as they are
// matched: lower case, without accents. A false match costs little (a caller put through first);
// a missed one costs only a repeated menu, where 9 still works.

/** Twilio `<Gather language>` codes for speech recognition (twilio's GatherLanguage; a test checks them). */
export const SPEECH_LANGUAGES: Record<SpokenLanguage, string> = {
  it: 'it-IT',
  en: 'en-GB',
  fr: 'fr-FR',
  ro: 'ro-RO',
  // Most Arabic-speaking callers in Italy come from the Maghreb; the words below are understood across dialects.
  ar: 'ar-MA',
  sq: 'sq-AL',
  es: 'es-ES',
  ru: 'ru-RU',
  zh: 'cmn-Hans-CN',
};

export const DANGER_WORDS: Record<SpokenLanguage, readonly string[]> = {
  it: ['pericolo', 'emergenza', 'aiutatemi', 'aiutami', 'soccorso'],
  en: ['danger', 'emergency', 'help me', 'save me'],
  fr: ['danger', 'urgence', 'aidez moi', 'au secours'],
  ro: ['pericol', 'urgenta', 'ajutati ma', 'ajutor'],
  ar: ['خطر', 'النجدة', 'ساعدوني', 'ساعدني'],
  sq: ['rrezik', 'urgjence', 'me ndihmoni', 'ndihme'],
  // The Spanish option also serves Portuguese speakers.
  es: ['peligro', 'emergencia', 'ayudame', 'socorro', 'perigo', 'me ajude'],
  // The Russian option also serves Ukrainian speakers.
  ru: ['опасно', 'опасность', 'помогите', 'небезпека', 'допоможіть'],
  zh: ['危险', '救命', '紧急'],
};

/** Lower case, accents and punctuation gone, spaces single: how both sides are compared. */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const NORMALISED = Object.fromEntries(
  Object.entries(DANGER_WORDS).map(([l, words]) => [l, words.map(normalise)]),
) as Record<SpokenLanguage, string[]>;

// Scripts without spaces between words (Chinese) are matched anywhere; the others as whole words.
const UNSPACED: ReadonlySet<SpokenLanguage> = new Set(['zh']);

/** The first of `languages` in whose danger words `said` speaks, or null. */
export function spokenDanger(said: string, languages: readonly SpokenLanguage[]): SpokenLanguage | null {
  const text = ` ${normalise(said)} `;
  for (const language of languages) {
    const hit = NORMALISED[language].some((w) => (UNSPACED.has(language) ? text.includes(w) : text.includes(` ${w} `)));
    if (hit) return language;
  }
  return null;
}

/** Hints for the recogniser: the danger words of the menu's language (twilio-voice.md: ≤500 hints). */
export function dangerHints(language: SpokenLanguage): string {
  return DANGER_WORDS[language].join(', ');
}
