import twilio from 'twilio';
import type { Instruction, Utterance } from './flow/flow.js';
import { voiceOf } from './flow/flow.js';
import { prompt, type PromptKey, type PromptTexts, type SpokenLanguage } from './prompts/catalogue.js';
import { SPEECH_LANGUAGES, dangerHints } from './prompts/danger-words.js';
import { NO_RECORDINGS, type Recordings } from './prompts/recordings.js';
import { VOICES } from './prompts/voices.js';
import type { Language } from './languages.js';

// The only place that builds TwiML, always through twilio's typed VoiceResponse (STYLE.md §12).

const { VoiceResponse } = twilio.twiml;
type Sayer = { say: InstanceType<typeof VoiceResponse>['say'] };
type SayAttributes = Parameters<Sayer['say']>[0];
type GatherAttributes = NonNullable<Parameters<InstanceType<typeof VoiceResponse>['gather']>[0]>;

/** Seconds the caller has to press a key at a menu (Twilio's default is 5; callers in distress need longer). */
export const MENU_TIMEOUT_SECONDS = 8;
export const HOLD_PAUSE_SECONDS = 20;
/** Twilio queue names are account-wide: every waiting caller sits in one queue, ordered by our routing. */
export const QUEUE_NAME = 'approdo';

/** What admins change without a restart: edited prompt texts, and whether menus listen for "danger". */
export interface VoiceSettings {
  texts: PromptTexts;
  listenForDanger: boolean;
}

type Speaker = Sayer & { play: InstanceType<typeof VoiceResponse>['play'] };

const RENDER_CACHE_MAX = 2000;

/**
 * Builds every TwiML document the IVR answers, in the voice of one deployment: its recorded
 * prompts (read once at start) and its admins' settings (`configure`, whenever they change).
 * Rendering is pure and the IVR has a few hundred distinct instructions, so each is built once
 * until the settings change.
 */
export class Twiml {
  private readonly rendered = new Map<string, string>();
  private voice: VoiceSettings = { texts: {}, listenForDanger: true };
  private signature = JSON.stringify(this.voice);

  constructor(private readonly recordings: Recordings = NO_RECORDINGS) {}

  configure(voice: VoiceSettings): void {
    const signature = JSON.stringify(voice);
    if (signature === this.signature) return;
    this.voice = voice;
    this.signature = signature;
    this.rendered.clear();
  }

  private say(target: Speaker, u: Utterance): void {
    const spoken = voiceOf(u.language) as SpokenLanguage;
    // An edited text replaces the recording of the old words.
    const edited = this.voice.texts[spoken]?.[u.key] !== undefined;
    const recorded = u.vars || edited ? null : this.recordings.urlOf(spoken, u.key);
    if (recorded) {
      target.play({}, recorded);
      return;
    }
    const v = VOICES[spoken];
    target.say({ language: v.language, voice: v.voice } as SayAttributes, prompt(spoken, u.key, u.vars, this.voice.texts));
  }

  private cached(key: string, build: () => string): string {
    let xml = this.rendered.get(key);
    if (xml === undefined) {
      xml = build();
      if (this.rendered.size >= RENDER_CACHE_MAX) this.rendered.clear();
      this.rendered.set(key, xml);
    }
    return xml;
  }

  render(instruction: Instruction, urls: Urls): string {
    return this.cached(JSON.stringify([instruction, urls]), () => this.build(instruction, urls));
  }

  private build(instruction: Instruction, urls: Urls): string {
    const r = new VoiceResponse();
    if (instruction.kind === 'menu') {
      const listen = this.voice.listenForDanger ? instruction.listen : undefined;
      // actionOnEmptyResult: silence comes back to the flow, which repeats the menu instead of hanging up.
      const g = r.gather({
        input: listen ? ['dtmf', 'speech'] : ['dtmf'], numDigits: 1, timeout: MENU_TIMEOUT_SECONDS, finishOnKey: '', actionOnEmptyResult: true,
        action: urls.menu, method: 'POST',
        ...(listen ? { language: SPEECH_LANGUAGES[listen] as GatherAttributes['language'], hints: dangerHints(listen), speechTimeout: 'auto' } : {}),
      });
      for (const u of instruction.say) this.say(g, u);
      if (listen) this.say(g, { key: 'sayDanger', language: listen });
      return r.toString();
    }
    for (const u of instruction.say) this.say(r, u);
    if (instruction.kind === 'goodbye') {
      r.hangup();
      return r.toString();
    }
    if (instruction.kind === 'record') {
      r.record({ action: urls.recorded, method: 'POST', maxLength: MESSAGE_MAX_SECONDS, timeout: 8, finishOnKey: '#', playBeep: true });
      // Reached only when nothing was recorded: thank the caller all the same.
      this.say(r, { key: 'messageSaved', language: instruction.say[0]?.language ?? 'it' });
      r.hangup();
      return r.toString();
    }
    r.enqueue({ waitUrl: urls.hold, waitUrlMethod: 'POST', action: urls.queueExit, method: 'POST' }, QUEUE_NAME);
    return r.toString();
  }

  /**
   * One round of the hold loop: the announcements and a pause, all inside a Gather so that a key
   * (9: danger, 1: message) is heard at any moment. Twilio requests the waitUrl again when it runs out.
   */
  hold(utterances: Utterance[], holdKeyUrl: string): string {
    return this.cached(JSON.stringify(['hold', utterances, holdKeyUrl]), () => {
      const r = new VoiceResponse();
      const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 1, finishOnKey: '', action: holdKeyUrl, method: 'POST' });
      for (const u of utterances) this.say(g, u);
      g.pause({ length: HOLD_PAUSE_SECONDS });
      return r.toString();
    });
  }

  /** Dial the on-call colleague; the Dial action hears whether they answered. */
  dialOnCall(notice: Utterance[], number: string, timeoutSeconds: number, action: string): string {
    const r = new VoiceResponse();
    for (const u of notice) this.say(r, u);
    r.dial({ timeout: timeoutSeconds, action, method: 'POST' }, number);
    return r.toString();
  }

  /** Thanks, then goodbye. */
  sayAndHangUp(utterances: Utterance[]): string {
    const r = new VoiceResponse();
    for (const u of utterances) this.say(r, u);
    r.hangup();
    return r.toString();
  }

  /** The caller's leg into the contact's conference; when the operator leaves, the caller hears goodbye. */
  callerToConference(language: Language, conference: string): string {
    const r = new VoiceResponse();
    this.say(r, { key: 'connecting', language });
    const d = r.dial();
    d.conference({ startConferenceOnEnter: true, endConferenceOnExit: true, beep: 'false' }, conference);
    this.say(r, { key: 'goodbye', language });
    r.hangup();
    return r.toString();
  }

  /** The operator's leg, once answered: what the call is, then the conference. */
  operatorToConference(language: Language, conference: string, intro: PromptKey = 'operatorIntro'): string {
    const r = new VoiceResponse();
    this.say(r, { key: intro, language });
    const d = r.dial();
    d.conference({ startConferenceOnEnter: true, endConferenceOnExit: true, beep: 'false' }, conference);
    return r.toString();
  }

  /**
   * Answers from configuration alone, for the fallback URL and any webhook that cannot reach the
   * database: an apology in both main languages, then the on-call number.
   */
  degraded(onCallNumber: string): string {
    const r = new VoiceResponse();
    this.say(r, { key: 'apology', language: 'it' });
    this.say(r, { key: 'apology', language: 'en' });
    r.dial({ timeout: 30 }, onCallNumber);
    this.say(r, { key: 'goodbye', language: 'it' });
    this.say(r, { key: 'goodbye', language: 'en' });
    return r.toString();
  }
}

export interface Urls {
  /** Where a menu's Gather posts its digits. */
  menu: string;
  /** The hold loop's waitUrl. */
  hold: string;
  /** Where a key pressed while holding goes. */
  holdKey: string;
  /** The Enqueue action, requested when the caller leaves the queue. */
  queueExit: string;
  /** The Record action: the message is there. */
  recorded: string;
}

/** Longest message a caller may leave, in seconds. */
export const MESSAGE_MAX_SECONDS = 180;


/** Inside the hold loop only Say/Play/Pause/Gather/Redirect/Leave/Hangup run: leave, and the Enqueue action takes over. */
export function leaveQueue(): string {
  const r = new VoiceResponse();
  r.leave();
  return r.toString();
}

export function empty(): string {
  return new VoiceResponse().toString();
}
