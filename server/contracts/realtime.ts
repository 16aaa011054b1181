import { z } from 'zod';
import { LANGUAGES, OPERATOR_STATES } from './enums.js';
import type { RiskAlert } from './intake.js';

// Socket.IO events. Server → client payloads are validated in tests; client → server payloads are
// parsed on arrival, and every client event is answered by an ack `{ok, error?}`.

export const Offer = z.object({
  contactId: z.string(),
  language: z.enum(LANGUAGES),
  priority: z.number().int(),
  expiresAt: z.string(),
  /** When the caller joined the queue: the console shows the time waiting from it. */
  queuedAt: z.string(),
  danger: z.boolean(),
  cannotTalkFreely: z.boolean(),
});
export type Offer = z.infer<typeof Offer>;

export const OfferWithdrawn = z.object({
  contactId: z.string(),
  reason: z.enum(['expired', 'declined', 'caller_hung_up', 'taken', 'reassigned']),
});
export type OfferWithdrawn = z.infer<typeof OfferWithdrawn>;

/** The operator's state; `until`: when a timed state (wrap-up) ends by itself. */
export const Presence = z.object({ state: z.enum(OPERATOR_STATES), since: z.string(), until: z.string().nullable() });
export type Presence = z.infer<typeof Presence>;

/** The operator's live call: sent when the caller is bridged, and again on reconnect. */
export const CallConnected = z.object({ contactId: z.string(), conference: z.string(), answeredAt: z.string() });
export type CallConnected = z.infer<typeof CallConnected>;

export const CallEnded = z.object({ contactId: z.string(), durationSeconds: z.number().int().nullable() });
export type CallEnded = z.infer<typeof CallEnded>;

export const ContactChanged = z.object({ contactId: z.string() });
export type ContactChanged = z.infer<typeof ContactChanged>;

export const OfferAnswer = z.object({ contactId: z.uuid() });
export type OfferAnswer = z.infer<typeof OfferAnswer>;

export const PresenceSet = z.object({
  state: z.enum(['available', 'away']),
  reason: z.string().trim().max(120).optional(),
});
export type PresenceSet = z.infer<typeof PresenceSet>;

export const Ack = z.object({ ok: z.boolean(), error: z.string().optional() });
export type Ack = z.infer<typeof Ack>;

export interface ServerToClient {
  offer: (o: Offer) => void;
  'offer:withdrawn': (o: OfferWithdrawn) => void;
  presence: (p: Presence) => void;
  'call:connected': (c: CallConnected) => void;
  'call:ended': (c: CallEnded) => void;
  'contact:changed': (c: ContactChanged) => void;
  /** To supervisors: the floor changed (a call queued, offered, answered, ended; an operator's state); fetch /api/wallboard. */
  'wallboard:changed': () => void;
  /** To supervisors: a contact's risk turned IMMEDIATE (with a tone), and when one of them acknowledged it. */
  'risk:alert': (a: RiskAlert) => void;
  'risk:acknowledged': (a: RiskAlert) => void;
  /** To supervisors: the level came down before anyone acknowledged; the alert stands down. */
  'risk:withdrawn': (a: RiskAlert) => void;
  /** To staff: a case changed; whoever has it open refetches it (the API decides who may). */
  'case:changed': (c: { caseId: string }) => void;
}

export interface ClientToServer {
  'offer:accept': (a: OfferAnswer, ack: (r: Ack) => void) => void;
  'offer:decline': (a: OfferAnswer, ack: (r: Ack) => void) => void;
  'presence:set': (p: PresenceSet, ack: (r: Ack) => void) => void;
}
