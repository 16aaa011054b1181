import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, simGetCall, simHangUp, simSendDigits, simSpeak, simStartCall, simStreamUrl } from '../api.js';
import { Transcript } from '../components/Transcript.js';
import { hasModifier, isTyping, useTitle } from '../hooks.js';
import { useT, type Translate } from '../i18n/index.js';
import { callerStatus, DIAL_KEYS, isEnded, isKind, MAX_SPOKEN_CHARS, readCallView, type SimCallView } from '../sim.js';

const SID_KEY = 'approdo.sim.sid';

const speech = (): SpeechSynthesis | null =>
  typeof window.speechSynthesis !== 'undefined' && typeof window.SpeechSynthesisUtterance !== 'undefined'
    ? window.speechSynthesis
    : null;

function speak(synth: SpeechSynthesis, text: string, language: string | undefined): void {
  const utterance = new SpeechSynthesisUtterance(text);
  if (language) {
    utterance.lang = language;
    const voices = synth.getVoices();
    const base = language.split('-')[0].toLowerCase();
    const voice = voices.find((v) => v.lang.toLowerCase() === language.toLowerCase())
      ?? voices.find((v) => v.lang.toLowerCase().startsWith(base));
    if (voice) utterance.voice = voice;
  }
  synth.speak(utterance);
}

const lastSeq = (view: SimCallView) => (view.events.length ? view.events[view.events.length - 1].seq : -1);

function readSid(): string | null {
  try {
    return sessionStorage.getItem(SID_KEY);
  } catch {
    return null;
  }
}

function writeSid(sid: string | null): void {
  try {
    if (sid) sessionStorage.setItem(SID_KEY, sid);
    else sessionStorage.removeItem(SID_KEY);
  } catch {
    // A reload then forgets the call; nothing else depends on it.
  }
}

function statusText(t: Translate, sid: string | null, view: SimCallView | null): string {
  if (!sid) return t('sim.status.idle');
  if (!view) return t('sim.status.starting');
  const s = callerStatus(view);
  switch (s.kind) {
    case 'ringing': return t('sim.status.ringing');
    case 'ivr': return t('sim.status.ivr');
    case 'queue': return s.position == null ? t('sim.status.queueNoPosition') : t('sim.status.queue', { position: s.position });
    case 'conference': return t('sim.status.conference', { name: s.name });
    case 'ended': return s.status && s.status !== 'completed' ? t('sim.status.endedWith', { status: s.status }) : t('sim.status.ended');
  }
}

const errorText = (t: Translate, err: unknown) =>
  t('sim.failed', { error: err instanceof ApiError && err.status === 0 ? t('app.unreachable') : err instanceof Error ? err.message : String(err) });

/** The caller's side of a simulated call: dial, press keys, say words, hear (read) the IVR, hang up. */
export function Softphone() {
  const t = useT();
  useTitle(t('sim.title'));
  const id = useId();
  const [sid, setSid] = useState<string | null>(readSid);
  const [view, setView] = useState<SimCallView | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [polling, setPolling] = useState(false);
  const synth = speech();
  const [readAloud, setReadAloud] = useState(synth !== null);
  const [showTechnical, setShowTechnical] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const [words, setWords] = useState('');
  const spokenUpTo = useRef<number | null>(null);
  const inputQueue = useRef<Promise<void>>(Promise.resolve());
  const tRef = useRef(t);
  tRef.current = t;

  const ended = view !== null && isEnded(view);
  const live = sid !== null && !ended;

  // Follow the call: the event stream, else one GET per second.
  useEffect(() => {
    if (!sid) return;
    let closed = false;
    let source: EventSource | null = null;
    let poll: number | undefined;
    let newest = -1;
    const stop = () => {
      closed = true;
      source?.close();
      window.clearInterval(poll);
    };
    const take = (data: unknown) => {
      const next = readCallView(data);
      if (closed || !next || next.sid !== sid || lastSeq(next) < newest) return;
      newest = lastSeq(next);
      setView(next);
      if (isEnded(next)) stop();
    };
    const fail = (err: unknown) => {
      if (closed) return;
      if (err instanceof ApiError && err.status === 404) {
        stop();
        setSid(null);
        setView(null);
        writeSid(null);
        return;
      }
      setError(errorText(tRef.current, err));
    };
    const startPolling = () => {
      if (closed || poll !== undefined) return;
      setPolling(true);
      poll = window.setInterval(() => void simGetCall(sid).then(take, fail), 1000);
    };
    void simGetCall(sid).then(take, fail);
    if (typeof EventSource === 'undefined') {
      startPolling();
    } else {
      source = new EventSource(simStreamUrl(sid));
      source.addEventListener('call', (event: MessageEvent<string>) => {
        try {
          take(JSON.parse(event.data) as unknown);
        } catch {
          // A malformed message: the next one (or the poll) brings the whole view again.
        }
      });
      source.onerror = () => {
        if (closed) return;
        source?.close();
        source = null;
        startPolling();
      };
    }
    return () => {
      stop();
      setPolling(false);
    };
  }, [sid]);

  // Read each new prompt aloud, in its language.
  useEffect(() => {
    if (!view) return;
    const upTo = spokenUpTo.current;
    spokenUpTo.current = lastSeq(view);
    // A call picked up again after a reload does not replay what was already said.
    if (upTo === null || !readAloud || !synth) return;
    for (const ev of view.events) {
      if (ev.seq > upTo && isKind(ev, 'say') && ev.text) speak(synth, ev.text, ev.language);
    }
  }, [view, readAloud, synth]);

  useEffect(() => () => synth?.cancel(), [synth]);

  const start = async () => {
    setStarting(true);
    setError(null);
    synth?.cancel();
    try {
      const { sid: next } = await simStartCall();
      spokenUpTo.current = -1;
      setView(null);
      setPolling(false);
      setSid(next);
      writeSid(next);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setStarting(false);
    }
  };

  const hangUp = async () => {
    if (!sid) return;
    synth?.cancel();
    try {
      await simHangUp(sid);
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const press = useCallback((key: string) => {
    if (!sid || !live) return;
    setFlash(key);
    window.setTimeout(() => setFlash((k) => (k === key ? null : k)), 150);
    // One request at a time, so the IVR gets keys and words in the order they were given.
    inputQueue.current = inputQueue.current
      .then(() => simSendDigits(sid, key))
      .catch((err: unknown) => setError(errorText(tRef.current, err)));
  }, [sid, live]);

  const say = (event: FormEvent) => {
    event.preventDefault();
    const text = words;
    if (!sid || !live || !text.trim()) return;
    setWords('');
    inputQueue.current = inputQueue.current
      .then(() => simSpeak(sid, text))
      .catch((err: unknown) => setError(errorText(tRef.current, err)));
  };

  useEffect(() => {
    if (!live) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(DIAL_KEYS as readonly string[]).includes(event.key) || hasModifier(event) || isTyping(event)) return;
      event.preventDefault();
      press(event.key);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [live, press]);

  const toggleRead = (on: boolean) => {
    setReadAloud(on);
    if (!on) synth?.cancel();
  };

  return (
    <>
      <h1 tabIndex={-1}>{t('sim.title')}</h1>
      <p className="muted">{t('sim.intro')}</p>
      <div className="softphone">
        <section className="panel phone" aria-label={t('sim.phone')}>
          <p className="call-status" role="status" data-testid="call-status" data-status={view?.status ?? (sid ? 'starting' : 'idle')}>
            <span className="visually-hidden">{t('sim.status')}: </span>
            {statusText(t, sid, view)}
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void start()} disabled={live || starting}>
              {t('sim.call')}
            </button>
            <button type="button" className="danger" onClick={() => void hangUp()} disabled={!live}>
              {t('sim.hangUp')}
            </button>
          </div>
          <div className="keypad" role="group" aria-label={t('sim.keypad')} aria-describedby={`${id}-keyhint`}>
            {DIAL_KEYS.map((key) => (
              <button
                key={key}
                type="button"
                className={flash === key ? 'key pressed' : 'key'}
                aria-label={t('sim.key', { key })}
                onClick={() => press(key)}
                disabled={!live}
              >
                {key}
              </button>
            ))}
          </div>
          <p id={`${id}-keyhint`} className="hint">{t('sim.keyHint')}</p>
          <form className="options" onSubmit={say} noValidate>
            <label htmlFor={`${id}-words`}>{t('sim.words')}</label>
            <input
              id={`${id}-words`}
              type="text"
              value={words}
              maxLength={MAX_SPOKEN_CHARS}
              autoComplete="off"
              onChange={(e) => setWords(e.target.value)}
              disabled={!live}
              aria-describedby={`${id}-sayhint`}
            />
            <div className="actions">
              <button type="submit" disabled={!live || !words.trim()}>{t('sim.say')}</button>
            </div>
            <p id={`${id}-sayhint`} className="hint">{t('sim.sayHint')}</p>
          </form>
          <div className="options">
            <label className="check">
              <input type="checkbox" checked={readAloud} disabled={!synth} onChange={(e) => toggleRead(e.target.checked)} />
              <span>{t('sim.readAloud')}</span>
            </label>
            {!synth && <p className="hint">{t('sim.noSpeech')}</p>}
            <label className="check">
              <input type="checkbox" checked={showTechnical} onChange={(e) => setShowTechnical(e.target.checked)} />
              <span>{t('sim.showTechnical')}</span>
            </label>
          </div>
          {polling && live && <p className="hint">{t('sim.polling')}</p>}
          {error && <p role="alert" className="error">{error}</p>}
        </section>
        <section className="panel transcript-panel" aria-labelledby={`${id}-transcript`}>
          <h2 id={`${id}-transcript`}>{t('sim.transcript')}</h2>
          <Transcript events={view?.events ?? []} showTechnical={showTechnical} labelledBy={`${id}-transcript`} />
        </section>
      </div>
    </>
  );
}
