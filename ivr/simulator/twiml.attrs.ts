import type { CallLeg } from './call.leg.js';
import type { TwimlNode } from './twiml.parser.js';
import type { HttpMethod } from './webhook.client.js';

// Twilio's schema warnings: an attribute value it does not accept falls back to the default.
const ERROR_ATTRIBUTE = 13201;
const ERROR_URL = 11100; // invalid URL format

/** Resolves a URL against the current document URL; inline TwiML (no URL) needs absolute ones. */
export function resolveUrl(raw: string, docUrl: string | null, call: CallLeg): string | null {
  try {
    return docUrl ? new URL(raw, docUrl).href : new URL(raw).href;
  } catch {
    call.emit({ kind: 'error', code: ERROR_URL, message: docUrl ? `invalid URL "${raw}"` : `"${raw}" must be absolute in inline TwiML` });
    return null;
  }
}

/** Reads a verb's attributes with Twilio's defaults; a bad value is reported and defaulted. */
export class Attrs {
  constructor(
    private readonly node: TwimlNode,
    private readonly call: CallLeg,
    private readonly docUrl: string | null,
  ) {}

  has(name: string): boolean {
    return name in this.node.attrs;
  }

  str(name: string): string | undefined {
    return this.node.attrs[name];
  }

  bool(name: string, dflt: boolean): boolean {
    const v = this.node.attrs[name];
    if (v === undefined) return dflt;
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v)) return false;
    return this.bad(name, v, dflt);
  }

  num(name: string, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.node.attrs[name];
    if (v === undefined) return dflt;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) return this.bad(name, v, dflt);
    return n;
  }

  method(name: string, dflt: HttpMethod = 'POST'): HttpMethod {
    const v = this.node.attrs[name];
    if (v === undefined || v === '') return dflt;
    const upper = v.toUpperCase();
    if (upper === 'GET' || upper === 'POST') return upper;
    return this.bad(name, v, dflt);
  }

  /** undefined when absent or empty; null when present but invalid (already reported). */
  url(name: string): string | null | undefined {
    const v = this.node.attrs[name]?.trim();
    if (!v) return undefined;
    return resolveUrl(v, this.docUrl, this.call);
  }

  private bad<T>(name: string, value: string, dflt: T): T {
    this.call.emit({ kind: 'error', code: ERROR_ATTRIBUTE, message: `<${this.node.name} ${name}="${value}"> is invalid; using ${String(dflt)}` });
    return dflt;
  }
}
