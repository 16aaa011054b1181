import { z } from 'zod';
import {
  CALLER_TYPES, CONTACT_CLASSES, CONTACT_STATUSES, LANGUAGES, OUTCOMES, PERTINENCES, PURPOSES, REASONS,
} from './enums.js';

export const ContactParams = z.object({ contactId: z.uuid() });

export const NOTES_MAX = 8000;

/** The first contact record an operator fills during the call (`PUT /api/contacts/:contactId/record`). */
export const ContactRecordInput = z.object({
  callerType: z.enum(CALLER_TYPES),
  language: z.enum(LANGUAGES),
  purpose: z.enum(PURPOSES),
  pertinence: z.enum(PERTINENCES),
  contactClass: z.enum(CONTACT_CLASSES),
  reasons: z.array(z.enum(REASONS)).max(REASONS.length).refine((r) => new Set(r).size === r.length, 'no repeats'),
  outcomes: z.array(z.enum(OUTCOMES)).max(OUTCOMES.length).refine((o) => new Set(o).size === o.length, 'no repeats'),
  notes: z.string().max(NOTES_MAX),
});
export type ContactRecordInput = z.infer<typeof ContactRecordInput>;

export const ContactRecord = ContactRecordInput.extend({
  savedAt: z.string(),
  savedById: z.string(),
});
export type ContactRecord = z.infer<typeof ContactRecord>;

/** A contact as staff see it. Never the caller's number: the server does not have it. */
export const ContactView = z.object({
  id: z.string(),
  status: z.enum(CONTACT_STATUSES),
  language: z.enum(LANGUAGES).nullable(),
  purpose: z.enum(PURPOSES).nullable(),
  priority: z.number().int(),
  danger: z.boolean(),
  cannotTalkFreely: z.boolean(),
  startedAt: z.string(),
  queuedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
  operator: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  conference: z.string().nullable(),
  /** On a call-back: the message (contact) it answers. */
  callbackOf: z.string().nullable(),
  /** A warm transfer in progress: the colleague being brought in (the caller is on hold meanwhile). */
  transferTo: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  record: ContactRecord.nullable(),
  /** A message the caller left; `callbackUntil` is set while their consented call-back number is kept. */
  message: z.object({ leftAt: z.string(), seconds: z.number().int().nullable(), callbackUntil: z.string().nullable() }).nullable(),
  /**
   * Earlier contacts from the same number (linked by a keyed HMAC, never the number): given when one
   * contact is read, absent in lists; null for a withheld number.
   */
  earlier: z.object({
    count: z.number().int(),
    lastAt: z.string().nullable(),
    /** The case the latest earlier contact belongs to, when this reader may see it: link this call to it. */
    case: z.object({ id: z.string(), code: z.string() }).nullable().default(null),
  }).nullable().optional(),
  /** What happened during the call (an interpreter brought in…), oldest first: given when one contact is read. */
  events: z.array(z.lazy(() => ContactEventView)).optional(),
});
export type ContactView = z.infer<typeof ContactView>;

/** Things that happen on a live call, each logged on the contact. */
export const CONTACT_EVENT_KINDS = [
  'interpreter_added', 'reassigned', 'marked_minor', 'unmarked_minor', 'called_back',
  'held', 'resumed', 'supervisor_listening', 'supervisor_coaching', 'supervisor_joined',
  'transfer_started', 'transferred', 'transfer_cancelled',
  'risk_immediate', 'risk_alert_acknowledged', 'risk_alert_withdrawn', 'case_linked',
] as const;
export type ContactEventKind = (typeof CONTACT_EVENT_KINDS)[number];

export const ContactEventView = z.object({
  at: z.string(),
  kind: z.enum(CONTACT_EVENT_KINDS),
  actor: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  detail: z.string().nullable(),
});
export type ContactEventView = z.infer<typeof ContactEventView>;

/** Put the caller on hold (with music), or take them off it. */
export const HoldCall = z.object({ hold: z.boolean() });
export type HoldCall = z.infer<typeof HoldCall>;

/**
 * A supervisor on a live call: listen (hears, unheard), coach (heard by the operator only), or join
 * (heard by both). Changing mode moves the same phone leg; the supervisor leaves by hanging up.
 */
export const MONITOR_MODES = ['listen', 'coach', 'join'] as const;
export const MonitorCall = z.object({ mode: z.enum(MONITOR_MODES) });
export type MonitorCall = z.infer<typeof MonitorCall>;

/** Start a warm transfer to a colleague (who must be available): the caller holds while you talk. */
export const StartTransfer = z.object({ operatorId: z.uuid() });
export type StartTransfer = z.infer<typeof StartTransfer>;

/** A colleague a live call can be handed to now: available, with how well they speak the caller's language. */
export const TransferTarget = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.enum(['operator', 'supervisor']),
  /** Their level in the call's language; null: they do not speak it (an interpreter line may help). */
  level: z.enum(['native', 'fluent', 'basic']).nullable(),
});
export type TransferTarget = z.infer<typeof TransferTarget>;
export const TransferTargets = z.object({ items: z.array(TransferTarget) });

/** Bring interpreter line number `line` (its place in the interpreter table) into the call. */
export const AddInterpreter = z.object({ line: z.number().int().min(0).max(99) });
export type AddInterpreter = z.infer<typeof AddInterpreter>;

export const ContactList = z.object({ items: z.array(ContactView), next: z.string().optional() });
export type ContactList = z.infer<typeof ContactList>;

export const ContactListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
