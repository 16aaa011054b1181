import type { CallLeg } from '../call.leg.js';
import type { RequestPurpose } from '../call.types.js';
import type { Doc, Next } from '../document.loader.js';
import type { Runtime } from '../runtime.js';
import { Attrs } from '../twiml.attrs.js';
import type { TwimlNode } from '../twiml.parser.js';
import type { HttpMethod } from '../webhook.client.js';

/**
 * Where verbs run: the call's own TwiML, an <Enqueue> waitUrl, a <Conference> waitUrl, or a
 * <Queue url> whisper. Each allows its own verbs (reference §2.2).
 */
export type Mode = 'call' | 'queue-wait' | 'conference-wait' | 'whisper';

export interface VerbContext {
  rt: Runtime;
  call: CallLeg;
  doc: Doc;
  signal: AbortSignal;
  mode: Mode;
  /** Parameters added to every fetch made from this context (the queue's, while waiting). */
  extraParams?: () => Record<string, string>;
}

/** What the interpreter does after a verb. */
export type Outcome =
  | { kind: 'next' } // go on with the next verb
  | { kind: 'goto'; next: Next } // control moves to another document
  | { kind: 'end' } // the call ended
  | { kind: 'leave' }; // <Leave> inside a waitUrl

export type Verb = (ctx: VerbContext, node: TwimlNode) => Promise<Outcome>;

export const NEXT: Outcome = { kind: 'next' };

export const attrsOf = (ctx: VerbContext, node: TwimlNode): Attrs => new Attrs(node, ctx.call, ctx.doc.url);

export function goto(
  ctx: VerbContext,
  url: string,
  method: HttpMethod,
  purpose: RequestPurpose,
  params: Record<string, string> = {},
): Outcome {
  return { kind: 'goto', next: { kind: 'fetch', url, method, purpose, params: { ...ctx.extraParams?.(), ...params } } };
}
