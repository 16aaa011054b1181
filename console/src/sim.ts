// The simulator's call view (GET /sim/phone/calls/:sid and its event stream). Not part of
// server/contracts, so it is read defensively: unknown event kinds are kept and shown as technical.

interface EventBase { seq: number; at: string }

export type KnownSimEvent = EventBase & (
  | { kind: 'say'; text: string; language?: string; voice?: string }
  | { kind: 'play'; url: string }
  | { kind: 'pause'; length?: number }
  | { kind: 'gather'; [key: string]: unknown }
  | { kind: 'digits'; digits: string }
  | { kind: 'spoke'; text: string }
  | { kind: 'enqueue'; queue: string }
  | { kind: 'queue-left'; result: string }
  | { kind: 'dial'; noun: string; target: string }
  | { kind: 'conference'; name: string; state: string; participants?: unknown }
  | { kind: 'bridged' }
  | { kind: 'status'; status: string }
  | { kind: 'error'; code: string | number; message: string }
  | { kind: 'hangup'; by: string }
  | { kind: 'request'; url: string }
);
export type SimEventKind = KnownSimEvent['kind'];

export type SimEvent = EventBase & { kind: string; [key: string]: unknown };

export function isKind<K extends SimEventKind>(ev: SimEvent, kind: K): ev is SimEvent & Extract<KnownSimEvent, { kind: K }> {
  return ev.kind === kind;
}

export interface SimCallView {
  sid: string;
  from: string;
  to: string;
  status: string;
  direction: string;
  startedAt: string | null;
  endedAt: string | null;
  events: SimEvent[];
  conference: { name: string; participants: { callSid: string; to: string; from: string }[] } | null;
  queue: { name: string; position: number | null } | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

/** Reads a call view, or null if the data is not one. */
export function readCallView(data: unknown): SimCallView | null {
  if (!isRecord(data) || typeof data.sid !== 'string') return null;
  const events: SimEvent[] = Array.isArray(data.events)
    ? data.events.filter(isRecord).map((e, i) => ({
      ...e,
      kind: str(e.kind) || 'unknown',
      seq: typeof e.seq === 'number' ? e.seq : i,
      at: str(e.at),
    }))
    : [];
  events.sort((a, b) => a.seq - b.seq);
  const conference = isRecord(data.conference)
    ? {
      name: str(data.conference.name),
      participants: Array.isArray(data.conference.participants)
        ? data.conference.participants.filter(isRecord).map((p) => ({ callSid: str(p.callSid), to: str(p.to), from: str(p.from) }))
        : [],
    }
    : null;
  const queue = isRecord(data.queue)
    ? { name: str(data.queue.name), position: typeof data.queue.position === 'number' ? data.queue.position : null }
    : null;
  return {
    sid: data.sid,
    from: str(data.from),
    to: str(data.to),
    status: str(data.status),
    direction: str(data.direction),
    startedAt: typeof data.startedAt === 'string' ? data.startedAt : null,
    endedAt: typeof data.endedAt === 'string' ? data.endedAt : null,
    events,
    conference,
    queue,
  };
}

const ENDED_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export const isEnded = (view: SimCallView) => ENDED_STATUSES.has(view.status) || view.endedAt !== null;

export type CallerStatus =
  | { kind: 'ringing' }
  | { kind: 'ivr' }
  | { kind: 'queue'; position: number | null }
  | { kind: 'conference'; name: string }
  | { kind: 'ended'; status: string };

/** What the caller is going through, for the status line. */
export function callerStatus(view: SimCallView): CallerStatus {
  if (isEnded(view)) return { kind: 'ended', status: view.status };
  if (view.conference) return { kind: 'conference', name: view.conference.name };
  if (view.queue) return { kind: 'queue', position: view.queue.position };
  if (view.status === 'queued' || view.status === 'initiated' || view.status === 'ringing') return { kind: 'ringing' };
  return { kind: 'ivr' };
}

export const DIAL_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** The most the simulator takes at once for words said. */
export const MAX_SPOKEN_CHARS = 500;

/** Whether a menu (a gather event) hears words as well as, or instead of, keys. */
export const listensForSpeech = (ev: SimEvent): boolean =>
  ev.kind === 'gather' && Array.isArray(ev.input) && ev.input.includes('speech');
