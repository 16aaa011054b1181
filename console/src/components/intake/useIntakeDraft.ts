import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, getIntake, saveIntake, saveIntakeOnLeave } from '../../api.js';
import type { IntakeSave, IntakeView } from '../../contracts.js';
import { errorMessage } from '../../errors.js';
import { useT } from '../../i18n/index.js';
import type { Draft } from './answers.js';

/** While there are unsaved changes, they are saved this often. */
export const AUTOSAVE_MS = 3000;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'failed'; message: string }
  /** Someone saved since this form read the record: nothing more is saved until it is reloaded. */
  | { kind: 'conflict'; message: string };

export interface IntakeDraft {
  view: IntakeView | null;
  draft: Draft | null;
  loadError: string | null;
  saveState: SaveState;
  dirty: boolean;
  change: (update: (d: Draft) => Draft) => void;
  /** Saves now if there is anything to save; false when it could not be saved. */
  save: () => Promise<boolean>;
  reload: () => void;
  /** Counts the loads: fields that keep their own text start again from a reloaded draft. */
  generation: number;
}

const draftOf = (view: IntakeView): Draft => ({ answers: view.answers, freeText: view.freeText, override: view.risk.override });

/**
 * The contact's triage form as a draft that saves itself: every few seconds while changed, on demand
 * (the level turning IMMEDIATE, a case being made), and as the page goes away. A save carries the
 * version this form last read; the server refuses it (409) if someone saved since, and the form then
 * stops saving and asks to reload rather than overwrite their work.
 */
export function useIntakeDraft(contactId: string): IntakeDraft {
  const t = useT();
  const tRef = useRef(t);
  tRef.current = t;
  const [view, setView] = useState<IntakeView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [dirty, setDirty] = useState(false);
  const [generation, setGeneration] = useState(0);

  // The save loop reads these without waiting for a render.
  const draftRef = useRef<Draft | null>(null);
  const version = useRef(0);
  const edits = useRef(0);
  const savedEdits = useRef(0);
  /** Edits a save was refused for (bad input, no access): not sent again until something changes. */
  const refusedEdits = useRef(-1);
  const conflict = useRef(false);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const loadSeq = useRef(0);

  const unsaved = () => edits.current !== savedEdits.current && !conflict.current;
  const body = (): IntakeSave | null => (draftRef.current ? { version: version.current, ...draftRef.current } : null);

  const reload = useCallback(() => {
    const seq = ++loadSeq.current;
    setLoadError(null);
    getIntake(contactId).then((v) => {
      if (seq !== loadSeq.current) return;
      draftRef.current = draftOf(v);
      version.current = v.version;
      edits.current = 0;
      savedEdits.current = 0;
      refusedEdits.current = -1;
      conflict.current = false;
      setView(v);
      setDraft(draftRef.current);
      setDirty(false);
      setGeneration((g) => g + 1);
      setSaveState(v.savedAt ? { kind: 'saved', at: v.savedAt } : { kind: 'idle' });
    }, (err: unknown) => {
      if (seq === loadSeq.current) setLoadError(errorMessage(tRef.current, err));
    });
  }, [contactId]);

  useEffect(() => {
    reload();
  }, [reload]);

  const send = useCallback(async (): Promise<boolean> => {
    const sent = body();
    const at = edits.current;
    if (!sent) return false;
    setSaveState({ kind: 'saving' });
    try {
      const v = await saveIntake(contactId, sent);
      version.current = v.version;
      savedEdits.current = at;
      setView(v);
      setDirty(edits.current !== at);
      setSaveState({ kind: 'saved', at: v.savedAt ?? new Date().toISOString() });
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        conflict.current = true;
        setSaveState({ kind: 'conflict', message: err.message });
      } else {
        if (err instanceof ApiError && err.status !== 0) refusedEdits.current = at;
        const detail = err instanceof ApiError && err.status === 400
          ? [err.message, ...Object.entries(err.fields).map(([field, messages]) => `${field}: ${messages.join(' ')}`)].join(' — ')
          : errorMessage(tRef.current, err);
        setSaveState({ kind: 'failed', message: detail });
      }
      return false;
    }
  }, [contactId]);

  // One save at a time; changes made meanwhile go in the next one.
  const save = useCallback(async (): Promise<boolean> => {
    while (inFlight.current) await inFlight.current;
    if (conflict.current) return false;
    if (!unsaved()) return true;
    inFlight.current = send().finally(() => {
      inFlight.current = null;
    });
    return inFlight.current;
  }, [send]);

  const change = useCallback((update: (d: Draft) => Draft) => {
    if (!draftRef.current) return;
    draftRef.current = update(draftRef.current);
    edits.current += 1;
    setDraft(draftRef.current);
    setDirty(true);
  }, []);

  useEffect(() => {
    const id = window.setInterval(() => {
      if (unsaved() && !inFlight.current && refusedEdits.current !== edits.current) void save();
    }, AUTOSAVE_MS);
    return () => window.clearInterval(id);
  }, [save]);

  // Leaving the page (closing the tab, reloading) or the form (Done, another page): the last changes
  // go with a keepalive request, which outlives the page.
  useEffect(() => {
    const leave = () => {
      const sent = body();
      if (sent && unsaved() && !inFlight.current) saveIntakeOnLeave(contactId, sent);
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      if (inFlight.current) {
        void inFlight.current.then(() => { if (unsaved()) void send(); });
      } else {
        leave();
      }
    };
  }, [contactId, send]);

  return { view, draft, loadError, saveState, dirty, change, save, reload, generation };
}
