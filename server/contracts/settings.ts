import { z } from 'zod';
import { LANGUAGES } from './enums.js';

const E164 = z.string().trim().regex(/^\+[1-9]\d{4,14}$/, 'An international number, e.g. +390612345678');

/** How long callers wait before the on-call colleague takes over, and how long call-back numbers are kept. */
export const IvrSettings = z.object({
  waitLimitSeconds: z.number().int().min(30).max(3600),
  dangerWaitLimitSeconds: z.number().int().min(15).max(600),
  onCallDialSeconds: z.number().int().min(10).max(60),
  callbackRetentionHours: z.number().int().min(1).max(720),
  /** Menus also listen for the spoken word "danger" (Twilio speech recognition, billed per menu). */
  listenForDanger: z.boolean().default(true),
});
export type IvrSettings = z.infer<typeof IvrSettings>;

export const DEFAULT_IVR_SETTINGS: IvrSettings = {
  waitLimitSeconds: 180,
  dangerWaitLimitSeconds: 60,
  onCallDialSeconds: 20,
  // domain-italy.md §5: an agreed call-back number is kept encrypted for about a week.
  callbackRetentionHours: 168,
  listenForDanger: true,
};

/** One prompt the caller hears, in one language: the catalogue's words and an admin's, if any. */
export const PromptItem = z.object({
  language: z.enum(LANGUAGES),
  key: z.string(),
  defaultText: z.string(),
  /** The admin's text, heard instead of the default; null: the default is heard. */
  text: z.string().nullable(),
  /** `{placeholders}` the text must keep (a queue position, minutes). */
  placeholders: z.array(z.string()),
  /** A recorded file plays this prompt (until its text is edited: then the voice reads the new text). */
  recorded: z.boolean(),
});
export type PromptItem = z.infer<typeof PromptItem>;
export const PromptList = z.object({ items: z.array(PromptItem) });
export type PromptList = z.infer<typeof PromptList>;
export const PromptEdit = z.object({ text: z.string().trim().min(1).max(600) });
export type PromptEdit = z.infer<typeof PromptEdit>;

/** An interpreter line an operator can bring into a call as a third participant. */
export const InterpreterLine = z.object({
  label: z.string().trim().min(1).max(120),
  /** The languages it covers, as people name them ("Bengali, Urdu", "any: language line"). */
  languages: z.string().trim().min(1).max(200),
  number: E164,
  active: z.boolean(),
});
export type InterpreterLine = z.infer<typeof InterpreterLine>;
export const InterpreterTable = z.object({ items: z.array(InterpreterLine).max(100) });
export type InterpreterTable = z.infer<typeof InterpreterTable>;

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
  /** A colleague calling this person back right now. */
  inProgressBy: z.string().nullable(),
});
export type CallbackTask = z.infer<typeof CallbackTask>;
export const CallbackList = z.object({ items: z.array(CallbackTask) });
export type CallbackList = z.infer<typeof CallbackList>;
