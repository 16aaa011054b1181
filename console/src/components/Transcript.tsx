import { useEffect, useRef } from 'react';
import { useT, type Translate } from '../i18n/index.js';
import { isKind, listensForSpeech, type SimEvent } from '../sim.js';

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** What one event means to the caller; null for what the caller never notices. */
function describe(t: Translate, ev: SimEvent): string | null {
  if (isKind(ev, 'play')) return t('sim.ev.play', { url: text(ev.url) });
  if (isKind(ev, 'pause')) return t('sim.ev.pause', { length: text(ev.length) || '1' });
  if (isKind(ev, 'gather')) return t(listensForSpeech(ev) ? 'sim.ev.gatherSpeech' : 'sim.ev.gather');
  if (isKind(ev, 'digits')) return t('sim.ev.digits', { digits: text(ev.digits) });
  if (isKind(ev, 'spoke')) return t('sim.ev.spoke', { text: text(ev.text) });
  if (isKind(ev, 'enqueue')) return t('sim.ev.enqueue', { queue: text(ev.queue) });
  if (isKind(ev, 'queue-left')) return t('sim.ev.queueLeft', { result: text(ev.result) });
  if (isKind(ev, 'dial')) return t('sim.ev.dial', { noun: text(ev.noun), target: text(ev.target) });
  if (isKind(ev, 'conference')) return t('sim.ev.conference', { name: text(ev.name), state: text(ev.state) });
  if (isKind(ev, 'bridged')) return t('sim.ev.bridged');
  if (isKind(ev, 'status')) return t('sim.ev.status', { status: text(ev.status) });
  if (isKind(ev, 'error')) return t('sim.ev.error', { code: text(ev.code), message: text(ev.message) });
  if (isKind(ev, 'hangup')) return t('sim.ev.hangup', { by: text(ev.by) });
  return null;
}

interface Props {
  events: SimEvent[];
  showTechnical: boolean;
  labelledBy: string;
}

/** The transcript, oldest first; spoken prompts carry the language the IVR spoke them in. */
export function Transcript({ events, showTechnical, labelledBy }: Props) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const shown = events.filter((ev) => showTechnical || ev.kind !== 'request');
  const count = shown.length;

  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  return (
    <div className="transcript-box" ref={box}>
      {count === 0 && <p className="muted">{t('sim.transcriptEmpty')}</p>}
      <ol className="transcript" data-testid="transcript" aria-labelledby={labelledBy}>
        {shown.map((ev) => {
          const key = `${ev.seq}-${ev.kind}`;
          if (isKind(ev, 'say')) {
            return (
              <li key={key} className="ev ev-say" data-kind="say" lang={text(ev.language) || undefined}>
                {text(ev.text)}
              </li>
            );
          }
          if (isKind(ev, 'request')) {
            return <li key={key} className="ev ev-technical" data-kind="request">{t('sim.ev.request', { url: text(ev.url) })}</li>;
          }
          const line = describe(t, ev);
          return line === null
            ? <li key={key} className="ev ev-technical" data-kind={ev.kind}>{t('sim.ev.unknown', { kind: ev.kind })}</li>
            : <li key={key} className={`ev ev-${ev.kind}`} data-kind={ev.kind}>{line}</li>;
        })}
      </ol>
    </div>
  );
}
