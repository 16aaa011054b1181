import { z } from 'zod';
import { LANGUAGES, OPERATOR_STATES } from './enums.js';

/** How well an operator speaks a language: native speakers are preferred, basic ones used when the wait grows. */
export const LANGUAGE_LEVELS = ['native', 'fluent', 'basic'] as const;
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];

const SpokenLanguage = z.enum(LANGUAGES).exclude(['other']);

/** What an operator can take: languages with a level, and the kinds of case they are trained for. */
export const OperatorSkills = z.object({
  languages: z.partialRecord(SpokenLanguage, z.enum(LANGUAGE_LEVELS)),
  /** Trained for minors' cases: the only ones offered a call about a child. */
  minors: z.boolean(),
  /** Knows labour exploitation (sectors, the labour inspectorate, Article 22). */
  labour: z.boolean(),
});
export type OperatorSkills = z.infer<typeof OperatorSkills>;

/**
 * When nobody who speaks the caller's language well is free: after `basicAfterSeconds` of waiting,
 * basic speakers too; after `anyAfterSeconds`, any operator, who brings in the interpreter line.
 * null: never. Past all of it, the IVR's own wait limit sends the caller to the on-call number.
 */
export const Widening = z.object({
  basicAfterSeconds: z.number().int().min(0).max(3600).nullable(),
  anyAfterSeconds: z.number().int().min(0).max(3600).nullable(),
});
export type Widening = z.infer<typeof Widening>;

/** Routing settings a supervisor changes in the console; they apply to the next matching pass. */
export const RoutingSettings = z.object({
  widening: Widening,
  /** Seconds of wrap-up after a call before the next offer; 0: none. The operator may end it sooner. */
  wrapUpSeconds: z.number().int().min(0).max(900),
});
export type RoutingSettings = z.infer<typeof RoutingSettings>;

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = {
  widening: { basicAfterSeconds: 30, anyAfterSeconds: 90 },
  wrapUpSeconds: 60,
};

// ——— The supervisors' wallboard ———

export const WaitingCall = z.object({
  contactId: z.string(),
  language: z.enum(LANGUAGES),
  priority: z.number().int(),
  danger: z.boolean(),
  minor: z.boolean(),
  cannotTalkFreely: z.boolean(),
  queuedAt: z.string(),
  /** Whose phone is ringing for it right now, if anyone's. */
  offeredTo: z.object({ id: z.string(), displayName: z.string() }).nullable(),
});
export type WaitingCall = z.infer<typeof WaitingCall>;

export const FloorOperator = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.enum(['operator', 'supervisor']),
  state: z.enum(OPERATOR_STATES),
  since: z.string(),
  until: z.string().nullable(),
  reason: z.string().nullable(),
  skills: OperatorSkills,
  /** The call they are on now, for a supervisor to listen to, coach or join. */
  call: z.object({
    contactId: z.string(), language: z.enum(LANGUAGES), answeredAt: z.string(), danger: z.boolean(), cannotTalkFreely: z.boolean(), callback: z.boolean(),
  }).nullable(),
});
export type FloorOperator = z.infer<typeof FloorOperator>;

/** Calls that entered the queue in a window, and how they ended. */
export const ServiceLevel = z.object({
  /** Calls that joined the queue in the window and have left it (answered, or not). */
  handled: z.number().int(),
  answered: z.number().int(),
  answeredWithin20s: z.number().int(),
  answeredWithin60s: z.number().int(),
  /** Hung up while waiting. */
  abandoned: z.number().int(),
  /** Sent to the on-call colleague or to a message. */
  overflowed: z.number().int(),
});
export type ServiceLevel = z.infer<typeof ServiceLevel>;

export const Wallboard = z.object({
  at: z.string(),
  waiting: z.array(WaitingCall),
  operators: z.array(FloorOperator),
  today: ServiceLevel,
  lastHour: ServiceLevel,
});
export type Wallboard = z.infer<typeof Wallboard>;

/** A supervisor gives a waiting call to a chosen operator (who must be available). */
export const Reassign = z.object({ operatorId: z.uuid() });
export type Reassign = z.infer<typeof Reassign>;

/** A supervisor marks a waiting call as about a child (or not): trained operators only, sooner. */
export const MarkMinor = z.object({ minor: z.boolean() });
export type MarkMinor = z.infer<typeof MarkMinor>;

/** Someone who takes calls, with the skills routing reads. */
export const StaffMember = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['operator', 'supervisor']),
  skills: OperatorSkills,
});
export type StaffMember = z.infer<typeof StaffMember>;
export const StaffParams = z.object({ userId: z.uuid() });
export const StaffList = z.object({ items: z.array(StaffMember) });
export type StaffList = z.infer<typeof StaffList>;
