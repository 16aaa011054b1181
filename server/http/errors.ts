import { ZodError } from 'zod';
import { DomainError, type ErrorKind } from '../errors.js';

const STATUS: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  rate_limited: 429,
};

export interface ErrorBody { error: { code: string; message: string; fields?: Record<string, string[]> } }
export interface Reply { status: number; body: ErrorBody }

const reply = (status: number, code: string, message: string, fields?: Record<string, string[]>): Reply =>
  ({ status, body: { error: fields ? { code, message, fields } : { code, message } } });

export function fieldErrors(err: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of err.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Any thrown value → DESIGN's error body. Unknown errors are 500s whose cause is logged, never shown. */
export function toReply(err: unknown): Reply {
  if (err instanceof ZodError) return reply(400, 'invalid_input', 'Check the fields', fieldErrors(err));
  if (err instanceof DomainError) return reply(STATUS[err.kind], err.kind, err.message);
  const status = httpStatusOf(err);
  if (status === 413) return reply(413, 'too_large', 'The request is too large');
  if (status === 404) return reply(404, 'not_found', 'Not found');
  if (status && status >= 400 && status < 500) return reply(400, 'invalid_input', 'The request could not be read');
  return reply(500, 'internal', 'Internal error');
}

function httpStatusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null) {
    const e = err as { status?: unknown; statusCode?: unknown };
    if (typeof e.status === 'number') return e.status;
    if (typeof e.statusCode === 'number') return e.statusCode;
  }
  return undefined;
}
