// A short ringing tone for offers, made with WebAudio (no audio files to serve or cache).
// Browsers refuse sound before the user has interacted with the page; then we stay silent.

type AudioCtor = typeof AudioContext;

let context: AudioContext | null = null;

function audioCtor(): AudioCtor | null {
  const w = window as typeof window & { webkitAudioContext?: AudioCtor };
  return w.AudioContext ?? w.webkitAudioContext ?? null;
}

function userHasInteracted(): boolean {
  const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation;
  return activation ? activation.hasBeenActive : true;
}

function getContext(): AudioContext | null {
  if (context) return context;
  const Ctor = audioCtor();
  if (!Ctor || !userHasInteracted()) return null;
  try {
    context = new Ctor();
  } catch {
    context = null;
  }
  return context;
}

function resume(ctx: AudioContext): void {
  if (ctx.state === 'suspended') ctx.resume().catch(() => undefined);
}

/** Creates or resumes the audio context on a user gesture, so a later offer can ring. */
export function unlockAudioOnFirstGesture(): () => void {
  const unlock = () => {
    const ctx = getContext();
    if (ctx) resume(ctx);
  };
  window.addEventListener('pointerdown', unlock, { capture: true });
  window.addEventListener('keydown', unlock, { capture: true });
  return () => {
    window.removeEventListener('pointerdown', unlock, { capture: true });
    window.removeEventListener('keydown', unlock, { capture: true });
  };
}

function burst(ctx: AudioContext, start: number, length: number): OscillatorNode[] {
  const gain = ctx.createGain();
  gain.gain.setValueAtTime(0, start);
  gain.gain.linearRampToValueAtTime(0.08, start + 0.03);
  gain.gain.setValueAtTime(0.08, start + length - 0.05);
  gain.gain.linearRampToValueAtTime(0, start + length);
  gain.connect(ctx.destination);
  // The European ring is one 425 Hz tone; two close tones sound softer and carry better.
  return [425, 450].map((hz) => {
    const osc = ctx.createOscillator();
    osc.frequency.value = hz;
    osc.connect(gain);
    osc.start(start);
    osc.stop(start + length);
    return osc;
  });
}

/** Rings every few seconds until the returned function is called. Never throws. */
export function startRinging(everyMs = 3000): () => void {
  let ctx: AudioContext | null;
  try {
    ctx = getContext();
  } catch {
    ctx = null;
  }
  if (!ctx) return () => undefined;
  const audio = ctx;
  let stopped = false;
  let playing: OscillatorNode[] = [];
  const ring = () => {
    if (stopped || audio.state !== 'running') return;
    try {
      const t = audio.currentTime + 0.02;
      playing = [...burst(audio, t, 0.4), ...burst(audio, t + 0.6, 0.4)];
    } catch {
      playing = [];
    }
  };
  if (audio.state === 'suspended') audio.resume().then(ring, () => undefined);
  else ring();
  const id = window.setInterval(ring, everyMs);
  return () => {
    stopped = true;
    window.clearInterval(id);
    for (const osc of playing) {
      try {
        osc.stop();
      } catch {
        // Already stopped.
      }
    }
  };
}

/** One short, higher alert (three beeps) for the supervisors' wallboard. Silent without audio; never throws. */
export function playAlert(): void {
  let ctx: AudioContext | null;
  try {
    ctx = getContext();
  } catch {
    ctx = null;
  }
  if (!ctx) return;
  const audio = ctx;
  const beep = () => {
    if (audio.state !== 'running') return;
    try {
      const t = audio.currentTime + 0.02;
      for (let i = 0; i < 3; i++) {
        const start = t + i * 0.22;
        const gain = audio.createGain();
        gain.gain.setValueAtTime(0, start);
        gain.gain.linearRampToValueAtTime(0.1, start + 0.02);
        gain.gain.setValueAtTime(0.1, start + 0.12);
        gain.gain.linearRampToValueAtTime(0, start + 0.15);
        gain.connect(audio.destination);
        const osc = audio.createOscillator();
        // Higher than the operator's 425 Hz ring, so the two are never confused across a room.
        osc.frequency.value = 880;
        osc.connect(gain);
        osc.start(start);
        osc.stop(start + 0.15);
      }
    } catch {
      // No sound; the banner still shows.
    }
  };
  if (audio.state === 'suspended') audio.resume().then(beep, () => undefined);
  else beep();
}
