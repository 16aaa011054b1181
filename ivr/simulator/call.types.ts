// The public shapes of a simulated call: what tests, the softphone page and the host read.

export type CallStatus =
  | 'queued'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'failed'
  | 'no-answer'
  | 'canceled';

export const TERMINAL_STATUSES: readonly CallStatus[] = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

export type CallDirection = 'inbound' | 'outbound-api' | 'outbound-dial';

/** Who ended a call, as the hangup event tells it. */
export type HangupBy =
  | 'twiml' // <Hangup/> or <Reject/>
  | 'caller' // this phone hung up (SimCall.hangup())
  | 'remote' // the far end: the bridged party left, or the dialled endpoint never answered
  | 'rest' // REST Status=completed / canceled
  | 'no-more-verbs' // the TwiML ran out
  | 'error' // the application-error message after a failed fetch and fallback
  | 'time-limit' // REST TimeLimit elapsed
  | 'shutdown'; // Simulator.close()

export type QueueResult =
  | 'bridged'
  | 'bridging-in-process'
  | 'error'
  | 'hangup'
  | 'leave'
  | 'redirected'
  | 'redirected-from-bridged'
  | 'queue-full'
  | 'system-error';

/** Why the simulator fetched a document; never carries parameters (they hold the caller's number). */
export type RequestPurpose =
  | 'voice' // the number's voice URL or a REST call's Url
  | 'action' // Gather / Dial / Enqueue / Record action
  | 'redirect' // <Redirect> or REST update
  | 'fallback'
  | 'wait' // <Enqueue waitUrl>
  | 'conference-wait' // <Conference waitUrl>
  | 'whisper' // <Queue url> played to the dequeued caller
  | 'notify'; // an action requested after the call ended; its TwiML is ignored

export type DialNoun = 'conference' | 'client' | 'number' | 'queue';

export type ConferenceState = 'joined' | 'started' | 'left' | 'ended';

/** Everything that happened on one call, in order. `kind` discriminates. */
export type SimEventBody =
  | { kind: 'say'; text: string; language: string; voice: string }
  | { kind: 'play'; url: string; digits?: string }
  | { kind: 'pause'; length: number }
  | {
      // Emitted once the Gather's prompts have played (or a key cut them short); keys are heard
      // from the Gather's start, but from here its timeout runs.
      kind: 'gather';
      numDigits: number | null;
      timeout: number;
      finishOnKey: string;
      action: string;
      input: string[];
    }
  | { kind: 'digits'; digits: string }
  | { kind: 'spoke'; text: string } // the caller said this (heard only by a Gather with input speech)
  | { kind: 'request'; url: string; method: 'GET' | 'POST'; purpose: RequestPurpose }
  | { kind: 'enqueue'; queue: string }
  | { kind: 'queue-left'; queue: string; result: QueueResult }
  | { kind: 'dial'; noun: DialNoun; target: string }
  | {
      kind: 'conference';
      name: string;
      state: ConferenceState;
      /** Call SIDs in the conference after the change. */
      participants: string[];
      /** The call that joined or left (absent for started / ended). */
      callSid?: string;
    }
  | { kind: 'beep'; reason: 'enter' | 'exit' } // another participant entered or left the conference
  | { kind: 'bridged'; with: string }
  | { kind: 'unbridged'; with: string }
  | { kind: 'record'; maxLength: number; finishOnKey: string; action: string }
  | { kind: 'status'; status: CallStatus }
  | { kind: 'error'; code: number; message: string }
  | { kind: 'notice'; message: string } // something Twilio would do that the simulator does not (media, transcription)
  | { kind: 'hangup'; by: HangupBy };

export type SimEvent = SimEventBody & { seq: number; at: string };

export type SimEventOf<T extends SimEvent['kind']> = Extract<SimEvent, { kind: T }>;

export interface SimCallView {
  sid: string;
  from: string;
  to: string;
  status: CallStatus;
  direction: CallDirection;
  startedAt: string;
  endedAt: string | null;
  events: SimEvent[];
  conference: { name: string; participants: Array<{ callSid: string; to: string; from: string }> } | null;
  queue: { name: string; position: number } | null;
}

export interface SimCall {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly direction: CallDirection;
  readonly status: CallStatus;
  readonly events: SimEvent[];
  /** DTMF from this phone: one or more of 0-9 * #. */
  press(digits: string): void;
  /**
   * Words from this phone, as the text a recogniser would return. Only a Gather whose input
   * includes speech hears them; they end it with SpeechResult = text, exactly as given.
   */
  speak(text: string): void;
  /** This party hangs up (a ringing callee declines). */
  hangup(): void;
  /** Resolves on an existing or future matching event; rejects after timeoutMs (real time, default 5000). */
  waitFor<E extends SimEvent>(pred: (e: SimEvent) => e is E, timeoutMs?: number): Promise<E>;
  waitFor(pred: (e: SimEvent) => boolean, timeoutMs?: number): Promise<SimEvent>;
  ended(): Promise<void>;
  toJSON(): SimCallView;
}
