import { z } from 'zod';
import { LANGUAGES, OPERATOR_STATES, ROLES } from './enums.js';

export const SignIn = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type SignIn = z.infer<typeof SignIn>;

/** The signed-in user as the console sees them. */
export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  languages: z.array(z.enum(LANGUAGES)),
  state: z.enum(OPERATOR_STATES),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** `GET /api/session`. `simulator` is true when the built-in telephony simulator runs (softphone page). */
export const SessionReply = z.object({
  user: SessionUser.nullable(),
  csrfToken: z.string(),
  simulator: z.boolean(),
});
export type SessionReply = z.infer<typeof SessionReply>;

/** `POST /api/session`: the session is regenerated on sign-in, so a new CSRF token comes back. */
export const SignInReply = z.object({ user: SessionUser, csrfToken: z.string() });
export type SignInReply = z.infer<typeof SignInReply>;

/** Every error body: `{"error": {"code", "message", "fields"?}}`. */
export const ErrorReply = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});
export type ErrorReply = z.infer<typeof ErrorReply>;
