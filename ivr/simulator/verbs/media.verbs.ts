import { resolveUrl } from '../twiml.attrs.js';
import { NEXT, attrsOf, type Verb } from './verb.types.js';

export const DEFAULT_VOICE = 'man';
export const DEFAULT_LANGUAGE = 'en-US';
/** Simulated length of one <Play>: the simulator never downloads the audio. */
export const PLAY_MS = 5000;

/** How long Twilio takes to say a text: about 0.4 s a word, at least 0.8 s. */
export function speakingMs(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(800, 400 * words);
}

// loop="0" repeats "forever"; Twilio caps it at 1000.
const loops = (n: number): number => (n === 0 ? 1000 : Math.floor(n));

export const say: Verb = async (ctx, node) => {
  const a = attrsOf(ctx, node);
  const text = node.deepText;
  const voice = a.str('voice') || DEFAULT_VOICE;
  const language = a.str('language') || DEFAULT_LANGUAGE;
  for (let i = 0, n = loops(a.num('loop', 1, 0, 1000)); i < n; i++) {
    ctx.call.emit({ kind: 'say', text, language, voice });
    await ctx.rt.clock.sleep(speakingMs(text), ctx.signal);
  }
  return NEXT;
};

export const play: Verb = async (ctx, node) => {
  const a = attrsOf(ctx, node);
  const digits = a.str('digits');
  if (!node.text && digits) {
    // <Play digits> sends DTMF to the far end; half a second a tone ('w' waits the same).
    ctx.call.emit({ kind: 'play', url: '', digits });
    await ctx.rt.clock.sleep(500 * digits.length, ctx.signal);
    return NEXT;
  }
  const url = resolveUrl(node.text, ctx.doc.url, ctx.call);
  if (!url) return NEXT;
  for (let i = 0, n = loops(a.num('loop', 1, 0, 1000)); i < n; i++) {
    ctx.call.emit({ kind: 'play', url });
    await ctx.rt.clock.sleep(PLAY_MS, ctx.signal);
  }
  return NEXT;
};

export const pause: Verb = async (ctx, node) => {
  const length = attrsOf(ctx, node).num('length', 1, 0, 86_400);
  ctx.call.emit({ kind: 'pause', length });
  await ctx.rt.clock.sleep(length * 1000, ctx.signal);
  return NEXT;
};
