import { resolveUrl } from '../twiml.attrs.js';
import { NEXT, attrsOf, goto, type Verb } from './verb.types.js';

export const redirect: Verb = async (ctx, node) => {
  // An empty <Redirect/> re-requests the current document (the conference waitUrl loop idiom).
  const raw = node.text || ctx.doc.url;
  if (!raw) {
    ctx.call.emit({ kind: 'error', code: 11100, message: '<Redirect> without a URL in inline TwiML' });
    return NEXT;
  }
  const url = resolveUrl(raw, ctx.doc.url, ctx.call);
  if (!url) return NEXT;
  return goto(ctx, url, attrsOf(ctx, node).method('method'), 'redirect');
};

export const hangup: Verb = async (ctx) => {
  ctx.rt.end(ctx.call, 'completed', 'twiml');
  return { kind: 'end' };
};

/** Before the call is answered, <Reject> leaves it unanswered: busy, or no-answer for "rejected". */
export const reject: Verb = async (ctx, node) => {
  const { call } = ctx;
  const reason = attrsOf(ctx, node).str('reason') === 'busy' ? 'busy' : 'no-answer';
  ctx.rt.end(call, call.answeredAt ? 'completed' : reason, 'twiml');
  return { kind: 'end' };
};

export const leave: Verb = async (ctx) => {
  if (ctx.mode === 'queue-wait') return { kind: 'leave' };
  ctx.call.emit({ kind: 'notice', message: '<Leave> outside an Enqueue waitUrl is ignored' });
  return NEXT;
};
