import type { Language, Purpose } from '../languages.js';
import type { PromptKey } from '../prompts/catalogue.js';

// The IVR as a pure state machine: (state, input) → (next state, what the caller hears next).
// No I/O, no clock: `telephony/` stores the state on the contact and renders the instruction.

export type IvrStep = 'language' | 'purpose' | 'queue';

export interface IvrState {
  step: IvrStep;
  /** Unanswered or invalid tries at the current menu. */
  attempts: number;
  language: Language | null;
  purpose: Purpose | null;
  danger: boolean;
  cannotTalkFreely: boolean;
}

export type IvrInput = { kind: 'digits'; digits: string } | { kind: 'silence' };

/** A prompt in one language; `telephony/` turns it into Say or Play with that language's voice. */
export interface Utterance { key: PromptKey; language: Language }

export type Instruction =
  /** Say the prompts inside a one-key Gather whose answer comes back to this menu. */
  | { kind: 'menu'; menu: 'language' | 'purpose'; say: Utterance[] }
  /** Say the prompts, then hold the caller in the queue. */
  | { kind: 'queue'; say: Utterance[] };

export interface IvrTurn { state: IvrState; instruction: Instruction }

/** The order of the language menu: key 1 → it … key 9 → zh, key 0 → another language (interpreter). */
export const LANGUAGE_KEYS: Record<string, Language> = {
  '1': 'it', '2': 'en', '3': 'fr', '4': 'ro', '5': 'ar', '6': 'sq', '7': 'es', '8': 'ru', '9': 'zh', '0': 'other',
};
export const PURPOSE_KEYS: Record<string, Purpose> = { '1': 'SELF', '2': 'SOMEONE_ELSE', '3': 'SERVICE', '9': 'DANGER' };

/** A menu is said once and repeated twice; after that the caller is queued, never hung up on. */
export const MENU_REPEATS = 2;
/** The greeting is in Italian first: a caller who chooses nothing is queued in Italian. */
export const DEFAULT_LANGUAGE: Language = 'it';
const GREETING_LANGUAGES: Language[] = ['it', 'en'];

export const PRIORITY = { DANGER: 100, NORMAL: 10 } as const;

export function priorityOf(state: Pick<IvrState, 'danger'>): number {
  return state.danger ? PRIORITY.DANGER : PRIORITY.NORMAL;
}

/** The prompts of a language spoken by the caller's chosen language ('other' hears English). */
export function voiceOf(language: Language): Language {
  return language === 'other' ? 'en' : language;
}

export function startCall(): IvrTurn {
  const state: IvrState = { step: 'language', attempts: 0, language: null, purpose: null, danger: false, cannotTalkFreely: false };
  const greeting = GREETING_LANGUAGES.flatMap((l): Utterance[] => [{ key: 'welcome', language: l }, { key: 'danger112', language: l }]);
  return { state, instruction: { kind: 'menu', menu: 'language', say: [...greeting, ...languageMenu()] } };
}

export function answerMenu(state: IvrState, input: IvrInput): IvrTurn {
  const key = input.kind === 'digits' ? input.digits.slice(0, 1) : '';
  if (key === '*') return cannotTalk(state);
  if (state.step === 'language') return answerLanguage(state, key);
  if (state.step === 'purpose') return answerPurpose(state, key);
  // A late or repeated menu answer once queued: keep the caller queued.
  return { state, instruction: { kind: 'queue', say: [] } };
}

function answerLanguage(state: IvrState, key: string): IvrTurn {
  const language = LANGUAGE_KEYS[key];
  if (language) {
    const next: IvrState = { ...state, step: 'purpose', attempts: 0, language };
    return { state: next, instruction: { kind: 'menu', menu: 'purpose', say: purposeMenu(next) } };
  }
  if (state.attempts < MENU_REPEATS) {
    const next = { ...state, attempts: state.attempts + 1 };
    const sorry = GREETING_LANGUAGES.map((l): Utterance => ({ key: 'invalid', language: l }));
    return { state: next, instruction: { kind: 'menu', menu: 'language', say: [...sorry, ...languageMenu()] } };
  }
  return queue({ ...state, language: DEFAULT_LANGUAGE, purpose: 'UNKNOWN' });
}

function answerPurpose(state: IvrState, key: string): IvrTurn {
  const purpose = PURPOSE_KEYS[key];
  if (purpose) return queue({ ...state, purpose, danger: state.danger || purpose === 'DANGER' });
  if (state.attempts < MENU_REPEATS) {
    const next = { ...state, attempts: state.attempts + 1 };
    const language = voiceOf(next.language ?? DEFAULT_LANGUAGE);
    return { state: next, instruction: { kind: 'menu', menu: 'purpose', say: [{ key: 'invalid', language }, ...purposeMenu(next)] } };
  }
  return queue({ ...state, purpose: 'UNKNOWN' });
}

/** `*` at any menu: remember it (the operator is told) and ask the same menu again, not counted as a try. */
function cannotTalk(state: IvrState): IvrTurn {
  const next = { ...state, cannotTalkFreely: true };
  if (state.step === 'queue') return { state: next, instruction: { kind: 'queue', say: [] } };
  const language = voiceOf(state.language ?? DEFAULT_LANGUAGE);
  const menu = state.step === 'language' ? languageMenu() : purposeMenu(next);
  return { state: next, instruction: { kind: 'menu', menu: state.step, say: [{ key: 'understood', language }, ...menu] } };
}

function queue(state: IvrState): IvrTurn {
  const next: IvrState = { ...state, step: 'queue', attempts: 0 };
  const language = voiceOf(next.language ?? DEFAULT_LANGUAGE);
  const say: Utterance[] = next.danger
    ? [{ key: 'dangerNow', language }, { key: 'queued', language }]
    : [{ key: 'queued', language }];
  return { state: next, instruction: { kind: 'queue', say } };
}

function languageMenu(): Utterance[] {
  const options = Object.values(LANGUAGE_KEYS).filter((l) => l !== 'other')
    .map((l): Utterance => ({ key: 'languageOption', language: l }));
  const other = GREETING_LANGUAGES.map((l): Utterance => ({ key: 'otherLanguage', language: l }));
  return [...options, ...other];
}

function purposeMenu(state: IvrState): Utterance[] {
  const language = voiceOf(state.language ?? DEFAULT_LANGUAGE);
  return [{ key: 'purposeMenu', language }];
}

/** What a caller holding in the queue hears on each round of the hold loop. */
export function holdMessage(state: Pick<IvrState, 'language'>): Utterance[] {
  return [{ key: 'hold', language: voiceOf(state.language ?? DEFAULT_LANGUAGE) }];
}
