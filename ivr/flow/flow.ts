import type { Language, Purpose } from '../languages.js';
import type { PromptKey, PromptVars, SpokenLanguage } from '../prompts/catalogue.js';
import { spokenDanger } from '../prompts/danger-words.js';

// The IVR as a pure state machine: (state, input) → (next state, what the caller hears next).
// No I/O, no clock: `telephony/` stores the state on the contact, gathers the facts a decision
// needs (time waited, position, whether the number is withheld) and renders the instruction.

export type IvrStep = 'language' | 'purpose' | 'queue' | 'overflow' | 'consent' | 'record' | 'blocked';

export interface IvrState {
  step: IvrStep;
  /** Unanswered or invalid tries at the current menu. */
  attempts: number;
  language: Language | null;
  purpose: Purpose | null;
  danger: boolean;
  cannotTalkFreely: boolean;
}

/** What the server knows of the caller's line, for decisions that depend on it. */
export interface CallerLine {
  /** No usable caller ID (withheld, anonymous): a call-back is impossible. */
  numberWithheld: boolean;
}

/** What the caller did at a menu: keys, words (Twilio's SpeechResult), or nothing. */
export type IvrInput = { kind: 'digits'; digits: string } | { kind: 'speech'; text: string } | { kind: 'silence' };

/** A prompt in one language; `telephony/` turns it into Say or Play with that language's voice. */
export interface Utterance { key: PromptKey; language: Language; vars?: PromptVars }

export type Instruction =
  /**
   * Say the prompts inside a one-key Gather whose answer comes back to the menu handler.
   * `listen`: the language in which saying "danger" counts as 9 (absent: keys only).
   */
  | { kind: 'menu'; menu: 'language' | 'purpose' | 'consent' | 'blocked'; say: Utterance[]; listen?: SpokenLanguage }
  /** Say the prompts and end the call: only for a blocked caller who did not press 9. */
  | { kind: 'goodbye'; say: Utterance[] }
  /** Say the prompts, then hold the caller in the queue. */
  | { kind: 'queue'; say: Utterance[] }
  /** Say the prompts, then record a message; `keepNumber`: the caller consented to a call-back. */
  | { kind: 'record'; say: Utterance[]; keepNumber: boolean };

export interface IvrTurn { state: IvrState; instruction: Instruction }

/** The order of the language menu: key 1 → it … key 9 → zh, key 0 → another language (interpreter). */
export const LANGUAGE_KEYS: Record<string, Language> = {
  '1': 'it', '2': 'en', '3': 'fr', '4': 'ro', '5': 'ar', '6': 'sq', '7': 'es', '8': 'ru', '9': 'zh', '0': 'other',
};
export const PURPOSE_KEYS: Record<string, Purpose> = { '1': 'SELF', '2': 'SOMEONE_ELSE', '3': 'SERVICE', '9': 'DANGER' };
const PURPOSE_KEYS_DANGER = '9';

/** A menu is said once and repeated twice; after that the caller goes on, never hung up on. */
export const MENU_REPEATS = 2;
/** The greeting is in Italian first: a caller who chooses nothing is queued in Italian. */
export const DEFAULT_LANGUAGE: SpokenLanguage = 'it';
const GREETING_LANGUAGES: SpokenLanguage[] = ['it', 'en'];

/** Danger first; a call about a child (known to routing, not the IVR) next; then everyone by time waited. */
export const PRIORITY = { DANGER: 100, MINOR: 50, NORMAL: 10 } as const;

export function priorityOf(state: Pick<IvrState, 'danger'>): number {
  return state.danger ? PRIORITY.DANGER : PRIORITY.NORMAL;
}

/** The prompts of a language spoken by the caller's chosen language ('other' hears English). */
export function voiceOf(language: Language): Language {
  return language === 'other' ? 'en' : language;
}

const spokenOf = (state: Pick<IvrState, 'language'>) => voiceOf(state.language ?? DEFAULT_LANGUAGE);

export function startCall(): IvrTurn {
  const state: IvrState = { step: 'language', attempts: 0, language: null, purpose: null, danger: false, cannotTalkFreely: false };
  const greeting = GREETING_LANGUAGES.flatMap((l): Utterance[] => [{ key: 'welcome', language: l }, { key: 'danger112', language: l }]);
  return { state, instruction: { kind: 'menu', menu: 'language', say: [...greeting, ...languageMenu()], listen: DEFAULT_LANGUAGE } };
}

/**
 * A caller a supervisor blocked as a nuisance hears one short sentence, in Italian and English,
 * that still offers 9: a person in danger always gets through.
 */
export function startBlocked(): IvrTurn {
  const state: IvrState = { step: 'blocked', attempts: 0, language: null, purpose: null, danger: false, cannotTalkFreely: false };
  return { state, instruction: { kind: 'menu', menu: 'blocked', say: GREETING_LANGUAGES.map((l): Utterance => ({ key: 'blocked', language: l })), listen: DEFAULT_LANGUAGE } };
}

export function answerMenu(state: IvrState, input: IvrInput, line: CallerLine = { numberWithheld: false }): IvrTurn {
  if (input.kind === 'speech') return answerSpeech(state, input.text, line);
  const key = input.kind === 'digits' ? input.digits.slice(0, 1) : '';
  if (state.step === 'blocked') {
    if (key === PURPOSE_KEYS_DANGER) return queue({ ...state, language: DEFAULT_LANGUAGE, purpose: 'DANGER', danger: true });
    return { state, instruction: { kind: 'goodbye', say: GREETING_LANGUAGES.map((l): Utterance => ({ key: 'goodbye', language: l })) } };
  }
  if (key === '*' && (state.step === 'language' || state.step === 'purpose')) return cannotTalk(state);
  if (state.step === 'language') return answerLanguage(state, key);
  if (state.step === 'purpose') return answerPurpose(state, key);
  if (state.step === 'consent') return answerConsent(state, key, line);
  // A late or repeated menu answer once past the menus: nothing changes.
  return { state, instruction: { kind: 'queue', say: [] } };
}

/**
 * Words at a menu: "danger" in the menu's language (or in Italian or English, the greeting's)
 * is 9 — straight to the queue, first in line; at the language menu, in the language it was said
 * in. Anything else said counts as an invalid key.
 */
function answerSpeech(state: IvrState, said: string, line: CallerLine): IvrTurn {
  const listening = listenLanguageOf(state);
  const heard = listening && !state.cannotTalkFreely ? spokenDanger(said, [...new Set([listening, ...GREETING_LANGUAGES])]) : null;
  if (!heard) return answerMenu(state, { kind: 'digits', digits: '?' }, line);
  const language = state.step === 'language' || state.step === 'blocked' ? heard : state.language ?? heard;
  return queue({ ...state, language, purpose: state.purpose && state.purpose !== 'UNKNOWN' ? state.purpose : 'DANGER', danger: true });
}

/** The language a menu listens in for spoken words; the consent menu (and any later one) only hears keys. */
function listenLanguageOf(state: Pick<IvrState, 'step' | 'language' | 'cannotTalkFreely'>): SpokenLanguage | undefined {
  if (state.cannotTalkFreely) return undefined;
  if (state.step === 'language' || state.step === 'blocked') return DEFAULT_LANGUAGE;
  if (state.step === 'purpose') return spokenOf(state) as SpokenLanguage;
  return undefined;
}

/** A menu instruction, listening for spoken words where that menu does. */
function menu(state: IvrState, name: 'language' | 'purpose', say: Utterance[]): IvrTurn {
  const listen = listenLanguageOf(state);
  return { state, instruction: { kind: 'menu', menu: name, say, ...(listen ? { listen } : {}) } };
}

function answerLanguage(state: IvrState, key: string): IvrTurn {
  const language = LANGUAGE_KEYS[key];
  if (language) {
    const next: IvrState = { ...state, step: 'purpose', attempts: 0, language };
    return menu(next, 'purpose', purposeMenu(next));
  }
  if (state.attempts < MENU_REPEATS) {
    const next = { ...state, attempts: state.attempts + 1 };
    const sorry = GREETING_LANGUAGES.map((l): Utterance => ({ key: 'invalid', language: l }));
    return menu(next, 'language', [...sorry, ...languageMenu()]);
  }
  return queue({ ...state, language: DEFAULT_LANGUAGE, purpose: 'UNKNOWN' });
}

function answerPurpose(state: IvrState, key: string): IvrTurn {
  const purpose = PURPOSE_KEYS[key];
  if (purpose) return queue({ ...state, purpose, danger: state.danger || purpose === 'DANGER' });
  if (state.attempts < MENU_REPEATS) {
    const next = { ...state, attempts: state.attempts + 1 };
    return menu(next, 'purpose', [{ key: 'invalid', language: spokenOf(next) }, ...purposeMenu(next)]);
  }
  return queue({ ...state, purpose: 'UNKNOWN' });
}

/** `*` at a menu: remember it (the operator is told) and ask the same menu again, not counted as a try. */
function cannotTalk(state: IvrState): IvrTurn {
  const next = { ...state, cannotTalkFreely: true };
  const options = state.step === 'language' ? languageMenu() : purposeMenu(next);
  return menu(next, state.step as 'language' | 'purpose', [{ key: 'understood', language: spokenOf(state) }, ...options]);
}

function queue(state: IvrState): IvrTurn {
  const next: IvrState = { ...state, step: 'queue', attempts: 0 };
  const language = spokenOf(next);
  // Once the caller has said they cannot talk freely, nothing that reveals the line is read aloud again.
  if (next.cannotTalkFreely) return { state: next, instruction: { kind: 'queue', say: [{ key: 'queuedDiscreet', language }] } };
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
  return [{ key: state.cannotTalkFreely ? 'purposeMenuDiscreet' : 'purposeMenu', language: spokenOf(state) }];
}

// ——— Holding, overflow and messages ———

/** What the server knows of a caller's wait, at each round of the hold loop. */
export interface Wait {
  /** Place in the line among callers an operator of this language would take first (1 = next). */
  position: number;
  /** Expected wait from recent answered calls, in whole minutes; null when there is no history. */
  expectedMinutes: number | null;
  waitedSeconds: number;
  /** The wait limit for this caller (shorter in danger): past it, the on-call colleague takes over. */
  limitSeconds: number;
  /** An operator's phone is ringing for this caller right now: never pull them out of the queue then. */
  beingOffered: boolean;
}

export type HoldInstruction =
  /** Say these, listening for keys (9: danger, 1: message and call-back), then pause and come back. */
  | { kind: 'hold'; say: Utterance[] }
  /** Leave the queue: to the on-call colleague, or to leave a message. */
  | { kind: 'leave'; to: 'overflow' | 'voicemail' };

export const HOLD_KEYS = { DANGER: '9', MESSAGE: '1' } as const;

export function holdRound(state: IvrState, wait: Wait): HoldInstruction {
  if (!wait.beingOffered && wait.waitedSeconds >= wait.limitSeconds) return { kind: 'leave', to: 'overflow' };
  // A caller who cannot talk freely hears a neutral wait; their keys still work.
  if (state.cannotTalkFreely) return { kind: 'hold', say: [] };
  const language = spokenOf(state);
  const say: Utterance[] = [{ key: 'position', language, vars: { position: wait.position } }];
  if (wait.expectedMinutes !== null) say.push({ key: 'expectedWait', language, vars: { minutes: Math.max(1, wait.expectedMinutes) } });
  say.push({ key: 'holdOptions', language });
  return { kind: 'hold', say };
}

/** A key pressed while holding. */
export function holdKey(state: IvrState, key: string): { state: IvrState; instruction: HoldInstruction } {
  if (key === HOLD_KEYS.DANGER) {
    const next = { ...state, danger: true, purpose: state.purpose === 'UNKNOWN' || !state.purpose ? 'DANGER' as const : state.purpose };
    return { state: next, instruction: { kind: 'hold', say: next.cannotTalkFreely ? [] : [{ key: 'dangerNoted', language: spokenOf(next) }] } };
  }
  if (key === HOLD_KEYS.MESSAGE) return { state, instruction: { kind: 'leave', to: 'voicemail' } };
  return { state, instruction: { kind: 'hold', say: [] } };
}

/** Overflow starts: what the caller hears before the on-call numbers are dialled. */
export function overflowNotice(state: IvrState): Utterance[] {
  return state.cannotTalkFreely ? [] : [{ key: 'overflow', language: spokenOf(state) }];
}

/**
 * Nobody answered (or the caller asked to leave a message): ask for consent to a call-back on this
 * number — explicit, by key — or, with no number to call, go straight to the message.
 */
export function toVoicemail(state: IvrState, line: CallerLine): IvrTurn {
  const language = spokenOf(state);
  if (line.numberWithheld) {
    return { state: { ...state, step: 'record', attempts: 0 }, instruction: { kind: 'record', keepNumber: false, say: [{ key: 'callbackNoNumber', language }, { key: 'recordAfterBeep', language }] } };
  }
  const next: IvrState = { ...state, step: 'consent', attempts: 0 };
  return { state: next, instruction: { kind: 'menu', menu: 'consent', say: [{ key: state.cannotTalkFreely ? 'callbackDiscreet' : 'callbackConsent', language }] } };
}

function answerConsent(state: IvrState, key: string, line: CallerLine): IvrTurn {
  const language = spokenOf(state);
  const record = (keepNumber: boolean): IvrTurn => ({
    state: { ...state, step: 'record', attempts: 0 },
    instruction: { kind: 'record', keepNumber, say: [{ key: 'recordAfterBeep', language }] },
  });
  if (key === '1') return line.numberWithheld ? toVoicemail(state, line) : record(true);
  if (key === '2') return record(false);
  if (state.attempts < MENU_REPEATS) {
    const next = { ...state, attempts: state.attempts + 1 };
    return { state: next, instruction: { kind: 'menu', menu: 'consent', say: [{ key: 'invalid', language }, { key: state.cannotTalkFreely ? 'callbackDiscreet' : 'callbackConsent', language }] } };
  }
  // No answer is no consent: the message is still taken, without keeping the number.
  return record(false);
}

/** After the message: thanks, in the caller's language. */
export function afterMessage(state: IvrState, keptNumber: boolean): Utterance[] {
  return [{ key: keptNumber ? 'callbackSaved' : 'messageSaved', language: spokenOf(state) }];
}
