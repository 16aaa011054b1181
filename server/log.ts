import { AsyncLocalStorage } from 'node:async_hooks';
import winston from 'winston';

// JSON lines, a child logger per area. Redaction is a backstop: code must never hand a number,
// a name or a note to the logger in the first place (STYLE.md §9), but if it does, it is dropped.

export type Logger = winston.Logger;

const SECRET_KEYS = new Set([
  'from', 'to', 'caller', 'called', 'phone', 'number', 'notes', 'note', 'password', 'body', 'digits',
  'displayname', 'name', 'username', 'text', 'address', 'forwardedfrom', 'callername', 'authorization', 'cookie',
]);
// Phone numbers in a free-text message: 8 to 15 digits, with spaces, dots, dashes or brackets
// between them, standing alone (so the digits inside an id such as a UUID are left alone).
const PHONE = /(?<![\w-])\+?\(?\d(?:[\s().-]{0,2}\d){7,14}(?![\w-])/g;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(PHONE, '[redacted]');
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (value instanceof Error) {
    // The stack's first line repeats the message; the rest is code locations, kept for operators.
    const frames = value.stack?.split('\n').slice(1).map((l) => l.trim()).slice(0, 12);
    return { name: value.name, message: redact(value.message, depth + 1), ...(frames?.length ? { stack: frames } : {}) };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.has(k.toLowerCase()) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

const redaction = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level') continue;
    info[key] = SECRET_KEYS.has(key.toLowerCase()) ? '[redacted]' : redact(info[key]);
  }
  return info;
});

/** The request being served, so every line logged while serving it carries its id. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

const withRequestId = winston.format((info) => {
  const ctx = requestContext.getStore();
  if (ctx && info.requestId === undefined) info.requestId = ctx.requestId;
  return info;
});

export function createLogger(level: string, stream?: NodeJS.WritableStream): Logger {
  const transport = stream
    ? new winston.transports.Stream({ stream })
    : new winston.transports.Console({ stderrLevels: ['error', 'warn'] });
  return winston.createLogger({
    level,
    format: winston.format.combine(withRequestId(), redaction(), winston.format.timestamp(), winston.format.json()),
    transports: [transport],
  });
}
