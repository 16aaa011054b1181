import { z } from 'zod';
import { LANGUAGES } from './enums.js';

const E164 = z.string().trim().regex(/^\+[1-9]\d{4,14}$/, 'An international number, e.g. +390612345678');

/** How long callers wait before the on-call colleague takes over, and how long call-back numbers are kept. */
export const IvrSettings = z.object({
  waitLimitSeconds: z.number().int().min(30).max(3600),
  dangerWaitLimitSeconds: z.number().int().min(15).max(600),
  onCallDialSeconds: z.number().int().min(10).max(60),
  callbackRetentionHours: z.number().int().min(1).max(720),
});
export type IvrSettings = z.infer<typeof IvrSettings>;

export const DEFAULT_IVR_SETTINGS: IvrSettings = {
  waitLimitSeconds: 180,
  dangerWaitLimitSeconds: 60,
  onCallDialSeconds: 20,
  // domain-italy.md §5: an agreed call-back number is kept encrypted for about a week.
  callbackRetentionHours: 168,
};

/** One row of the territorial on-call table; `region` null is the national on-call. */
export const OnCallEntry = z.object({
  // Upper case, as the region Twilio reports is stored: "Veneto" and "VENETO" are one region.
  region: z.string().trim().min(1).max(32).transform((r) => r.toUpperCase()).nullable(),
  number: E164,
  label: z.string().trim().min(1).max(120),
  active: z.boolean(),
});
export type OnCallEntry = z.infer<typeof OnCallEntry>;

/** The whole table, in the order numbers are tried within each region. */
export const OnCallTable = z.object({ items: z.array(OnCallEntry).max(200) });
export type OnCallTable = z.infer<typeof OnCallTable>;

/** A message left for a call-back, as operators see it in their list (never the number). */
export const CallbackTask = z.object({
  contactId: z.string(),
  language: z.enum(LANGUAGES).nullable(),
  danger: z.boolean(),
  cannotTalkFreely: z.boolean(),
  leftAt: z.string(),
  expiresAt: z.string(),
  messageSeconds: z.number().int().nullable(),
});
export type CallbackTask = z.infer<typeof CallbackTask>;
export const CallbackList = z.object({ items: z.array(CallbackTask) });
export type CallbackList = z.infer<typeof CallbackList>;
