import {
  createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type ReactNode,
} from 'react';
import { z } from 'zod';
import { getContact, startCallback } from './api.js';
import {
  CallConnected, CallEnded, ContactChanged, Offer, OfferWithdrawn, Presence, RiskAlert,
  type Language, type OperatorState,
} from './contracts.js';
import type { MessageKey, Vars } from './i18n/index.js';
import { acceptOffer, declineOffer, openSocket, setPresence, type AppSocket } from './socket.js';

export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/**
 * The operator's call, from acceptance (or the start of a call-back) to "Done". `callbackOf`: the
 * message this call calls back, as the console that started it knows from the start; after a reload
 * it is null, and the contact's own `callbackOf` (read by the live call panel) is the one to trust.
 */
export type CallState =
  | { phase: 'idle' }
  | { phase: 'connecting'; contactId: string; language: Language | null; callbackOf: string | null }
  | { phase: 'live'; contactId: string; conference: string; answeredAt: string; language: Language | null; callbackOf: string | null }
  | {
    phase: 'ended'; contactId: string; conference: string | null; answeredAt: string | null;
    durationSeconds: number | null; language: Language | null; callbackOf: string | null;
    /** The operator handed the call to a colleague, who may hand it back: then it is live here again. */
    handedOver?: boolean;
  };

/** A call-back that ended before the person answered: the request (message `messageId`) stays in the list. */
export interface CallbackMissed { messageId: string; contactId: string }

export interface Notice { key: MessageKey; vars?: Vars; id: number }

interface State {
  connection: Connection;
  presence: Presence | null;
  presenceError: string | null;
  offer: Offer | null;
  answering: boolean;
  offerError: string | null;
  call: CallState;
  notice: Notice | null;
  callbackMissed: CallbackMissed | null;
  /** The last call:ended for a contact this console was not following: a call-back's 201 may come after it. */
  strayEnded: string | null;
}

type Action =
  | { type: 'connection'; connection: Connection }
  | { type: 'resync' }
  | { type: 'presence'; presence: Presence }
  | { type: 'presence-error'; error: string | null }
  | { type: 'offer'; offer: Offer }
  | { type: 'withdrawn'; withdrawn: OfferWithdrawn }
  | { type: 'answering' }
  | { type: 'answer-retry'; error: string }
  | { type: 'answer-failed'; contactId: string; error: string }
  | { type: 'accepted'; offer: Offer }
  | { type: 'declined'; contactId: string }
  | { type: 'calling-back'; messageId: string; contactId: string; language: Language | null }
  | { type: 'connected'; call: CallConnected }
  | { type: 'ended'; ended: CallEnded; handedOver?: boolean }
  | { type: 'done' };

let noticeId = 0;
const notice = (key: MessageKey, vars?: Vars): Notice => ({ key, vars, id: ++noticeId });

const WITHDRAWN: Record<OfferWithdrawn['reason'], MessageKey> = {
  taken: 'offer.withdrawn.taken',
  expired: 'offer.withdrawn.expired',
  caller_hung_up: 'offer.withdrawn.caller_hung_up',
  declined: 'offer.withdrawn.declined',
  reassigned: 'offer.withdrawn.reassigned',
};

const activeContact = (call: CallState): string | null => (call.phase === 'idle' ? null : call.contactId);

function reduce(state: State, action: Action): State {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.connection };
    case 'resync':
      // The server resends the current offer on connect; one it does not resend is gone.
      return { ...state, offer: null, answering: false, offerError: null };
    case 'presence':
      return { ...state, presence: action.presence, presenceError: null };
    case 'presence-error':
      return { ...state, presenceError: action.error };
    case 'offer': {
      const { call } = state;
      if ((call.phase === 'connecting' || call.phase === 'live') && call.contactId === action.offer.contactId) return state;
      const same = state.offer?.contactId === action.offer.contactId;
      return {
        ...state, offer: action.offer, answering: same && state.answering, offerError: same ? state.offerError : null, notice: null,
      };
    }
    case 'withdrawn': {
      const { contactId, reason } = action.withdrawn;
      if (state.offer?.contactId === contactId) {
        return { ...state, offer: null, answering: false, offerError: null, notice: notice(WITHDRAWN[reason]) };
      }
      if (state.call.phase === 'connecting' && state.call.contactId === contactId) {
        return { ...state, call: { phase: 'idle' }, notice: notice(WITHDRAWN[reason]) };
      }
      return state;
    }
    case 'answering':
      return { ...state, answering: true, offerError: null };
    case 'answer-retry':
      return { ...state, answering: false, offerError: action.error };
    case 'answer-failed':
      if (state.offer?.contactId !== action.contactId) return { ...state, answering: false };
      return { ...state, offer: null, answering: false, offerError: null, notice: notice('offer.failed', { error: action.error }) };
    case 'accepted': {
      const offer = state.offer?.contactId === action.offer.contactId ? null : state.offer;
      // call:connected (or even call:ended) may overtake the ack: never step back from them.
      if (activeContact(state.call) === action.offer.contactId) return { ...state, offer, answering: false };
      return {
        ...state, offer, answering: false, notice: null,
        call: { phase: 'connecting', contactId: action.offer.contactId, language: action.offer.language, callbackOf: null },
      };
    }
    case 'calling-back': {
      const { messageId, contactId, language } = action;
      const { call } = state;
      // call:connected or call:ended may overtake the POST's answer: never step back from them.
      if (call.phase !== 'idle' && call.contactId === contactId) {
        return { ...state, callbackMissed: null, call: { ...call, callbackOf: messageId } };
      }
      if (state.strayEnded === contactId) return { ...state, strayEnded: null, callbackMissed: { messageId, contactId } };
      return { ...state, notice: null, callbackMissed: null, call: { phase: 'connecting', contactId, language, callbackOf: messageId } };
    }
    case 'declined':
      if (state.offer?.contactId !== action.contactId) return { ...state, answering: false };
      return { ...state, offer: null, answering: false, notice: notice('offer.withdrawn.declined') };
    case 'connected': {
      const { contactId, conference, answeredAt } = action.call;
      const { call } = state;
      if (call.phase === 'ended' && call.contactId === contactId && !call.handedOver) return state;
      const same = call.phase !== 'idle' && call.contactId === contactId;
      const language = same ? call.language : state.offer?.contactId === contactId ? state.offer.language : null;
      return {
        ...state,
        offer: state.offer?.contactId === contactId ? null : state.offer,
        answering: state.offer?.contactId === contactId ? false : state.answering,
        call: { phase: 'live', contactId, conference, answeredAt, language, callbackOf: same ? call.callbackOf : null },
        notice: null,
      };
    }
    case 'ended': {
      const { contactId, durationSeconds } = action.ended;
      const { call } = state;
      const offer = state.offer?.contactId === contactId ? null : state.offer;
      if (call.phase === 'idle' || call.contactId !== contactId) return { ...state, offer, strayEnded: contactId };
      const handedOver = action.handedOver ? { handedOver: true } : {};
      if (call.phase === 'ended') return { ...state, offer, call: { ...call, durationSeconds: durationSeconds ?? call.durationSeconds, ...handedOver } };
      // Nobody answered the call-back: there is no call to record, and the request stays in the list.
      if (call.phase === 'connecting' && call.callbackOf !== null) {
        return { ...state, offer, call: { phase: 'idle' }, callbackMissed: { messageId: call.callbackOf, contactId } };
      }
      return {
        ...state,
        offer,
        call: {
          phase: 'ended', contactId, durationSeconds, language: call.language, callbackOf: call.callbackOf, ...handedOver,
          conference: call.phase === 'live' ? call.conference : null,
          answeredAt: call.phase === 'live' ? call.answeredAt : null,
        },
      };
    }
    case 'done':
      return { ...state, call: { phase: 'idle' } };
  }
}

type ContactListener = (contactId: string) => void;
type FloorListener = () => void;
/** An immediate-risk alert raised, or acknowledged by a supervisor (supervisors only). */
export type RiskAlertEvent = { kind: 'raised' | 'acknowledged'; alert: RiskAlert };
type RiskAlertListener = (event: RiskAlertEvent) => void;
type CaseListener = (caseId: string) => void;
type ConnectListener = () => void;

const CaseChanged = z.object({ caseId: z.string() });

interface Realtime extends State {
  accept: () => void;
  decline: () => void;
  setState: (state: 'available' | 'away') => void;
  done: () => void;
  /**
   * This operator left the call `contactId`, which goes on with a colleague (a completed transfer):
   * ends it here as `call:ended` does, which the server sends too, not necessarily first.
   */
  leftCall: (contactId: string) => void;
  /**
   * Calls back the person who left message `messageId` (their language, if known): resolves once the
   * server has started ringing the operator's phone; rejects with the server's refusal.
   */
  callBack: (messageId: string, language: Language | null) => Promise<void>;
  /** Listens to `contact:changed`; returns the unsubscribe function. */
  onContactChanged: (listener: ContactListener) => () => void;
  /**
   * Called on `wallboard:changed` (supervisors) and on every (re)connect, when events may have been
   * missed: the wallboard refetches. Returns the unsubscribe function.
   */
  onFloorChanged: (listener: FloorListener) => () => void;
  /** Listens to `risk:alert` and `risk:acknowledged`; returns the unsubscribe function. */
  onRiskAlert: (listener: RiskAlertListener) => () => void;
  /** Listens to `case:changed`; returns the unsubscribe function. */
  onCaseChanged: (listener: CaseListener) => () => void;
  /** Called on every (re)connect, when events may have been missed. Returns the unsubscribe function. */
  onConnected: (listener: ConnectListener) => () => void;
}

const RealtimeContext = createContext<Realtime | null>(null);

export function useRealtime(): Realtime {
  const ctx = useContext(RealtimeContext);
  if (!ctx) throw new Error('useRealtime outside RealtimeProvider');
  return ctx;
}

function parsed<T>(event: string, schema: { safeParse(d: unknown): { success: true; data: T } | { success: false; error: unknown } }, data: unknown): T | null {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  console.error(`Ignored a malformed "${event}" event`, result.error);
  return null;
}

interface Props {
  initialState: OperatorState;
  /** The live connection was refused or dropped by the server: check whether the session still holds. */
  onSessionDoubt: () => Promise<boolean>;
  children: ReactNode;
}

function subscribe<T>(set: Set<T>, listener: T): () => void {
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

export function RealtimeProvider({ initialState, onSessionDoubt, children }: Props) {
  const [state, dispatch] = useReducer(reduce, undefined, (): State => ({
    connection: 'connecting',
    presence: { state: initialState, since: new Date().toISOString(), until: null },
    presenceError: null,
    offer: null,
    answering: false,
    offerError: null,
    call: { phase: 'idle' },
    notice: null,
    callbackMissed: null,
    strayEnded: null,
  }));
  const socketRef = useRef<AppSocket | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  const listeners = useRef(new Set<ContactListener>());
  const floorListeners = useRef(new Set<FloorListener>());
  const riskListeners = useRef(new Set<RiskAlertListener>());
  const caseListeners = useRef(new Set<CaseListener>());
  const connectListeners = useRef(new Set<ConnectListener>());
  const presenceEvents = useRef(0);
  const doubtRef = useRef(onSessionDoubt);
  doubtRef.current = onSessionDoubt;

  useEffect(() => {
    const socket = openSocket();
    socketRef.current = socket;
    let connectedBefore = false;
    let sawCallSinceConnect = false;
    let retry: number | undefined;
    let catchUp: number | undefined;

    const floorChanged = () => {
      for (const listener of floorListeners.current) listener();
    };

    socket.on('connect', () => {
      dispatch({ type: 'connection', connection: 'connected' });
      sawCallSinceConnect = false;
      floorChanged();
      for (const listener of connectListeners.current) listener();
      if (!connectedBefore) {
        connectedBefore = true;
        return;
      }
      dispatch({ type: 'resync' });
      // A call that ended while we were away sends no call:ended again: ask for the contact.
      window.clearTimeout(catchUp);
      catchUp = window.setTimeout(() => {
        const { call } = stateRef.current;
        if (sawCallSinceConnect || (call.phase !== 'live' && call.phase !== 'connecting')) return;
        getContact(call.contactId).then((contact) => {
          if (contact.endedAt || contact.status === 'completed' || contact.status === 'abandoned') {
            dispatch({ type: 'ended', ended: { contactId: contact.id, durationSeconds: contact.durationSeconds } });
          }
        }, () => undefined);
      }, 3000);
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      if (reason === 'io server disconnect') {
        // The server closed us (session ended?): socket.io will not retry by itself.
        dispatch({ type: 'connection', connection: 'refused' });
        void doubtRef.current().then((stillSignedIn) => {
          if (stillSignedIn) retry = window.setTimeout(() => socket.connect(), 2000);
        });
        return;
      }
      dispatch({ type: 'connection', connection: 'reconnecting' });
    });
    socket.on('connect_error', () => {
      if (socket.active) {
        dispatch({ type: 'connection', connection: 'reconnecting' });
        return;
      }
      // Refused by the server's handshake check: usually an expired session.
      dispatch({ type: 'connection', connection: 'refused' });
      void doubtRef.current().then((stillSignedIn) => {
        if (stillSignedIn) retry = window.setTimeout(() => socket.connect(), 5000);
      });
    });

    socket.on('presence', (data) => {
      const p = parsed('presence', Presence, data);
      presenceEvents.current += 1;
      if (p) dispatch({ type: 'presence', presence: p });
    });
    socket.on('offer', (data) => {
      const o = parsed('offer', Offer, data);
      if (o) dispatch({ type: 'offer', offer: o });
    });
    socket.on('offer:withdrawn', (data) => {
      const w = parsed('offer:withdrawn', OfferWithdrawn, data);
      if (w) dispatch({ type: 'withdrawn', withdrawn: w });
    });
    socket.on('call:connected', (data) => {
      const c = parsed('call:connected', CallConnected, data);
      if (!c) return;
      sawCallSinceConnect = true;
      dispatch({ type: 'connected', call: c });
    });
    socket.on('call:ended', (data) => {
      const e = parsed('call:ended', CallEnded, data);
      if (e) dispatch({ type: 'ended', ended: e });
    });
    socket.on('contact:changed', (data) => {
      const c = parsed('contact:changed', ContactChanged, data);
      if (c) for (const listener of listeners.current) listener(c.contactId);
    });
    socket.on('wallboard:changed', floorChanged);
    const riskEvent = (kind: RiskAlertEvent['kind']) => (data: unknown) => {
      const alert = parsed(kind === 'raised' ? 'risk:alert' : 'risk:acknowledged', RiskAlert, data);
      if (alert) for (const listener of riskListeners.current) listener({ kind, alert });
    };
    socket.on('risk:alert', riskEvent('raised'));
    socket.on('risk:acknowledged', riskEvent('acknowledged'));
    // An alert that stood down (the level came down first) leaves the screen as an acknowledged one does.
    socket.on('risk:withdrawn', riskEvent('acknowledged'));
    socket.on('case:changed', (data) => {
      const c = parsed('case:changed', CaseChanged, data);
      if (c) for (const listener of caseListeners.current) listener(c.caseId);
    });

    socket.connect();
    return () => {
      window.clearTimeout(retry);
      window.clearTimeout(catchUp);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, []);

  // The server withdraws expired offers; this only clears a card whose withdrawal never came.
  useEffect(() => {
    const offer = state.offer;
    if (!offer) return;
    const wait = Date.parse(offer.expiresAt) - Date.now() + 5000;
    if (Number.isNaN(wait)) return;
    const id = window.setTimeout(() => {
      dispatch({ type: 'withdrawn', withdrawn: { contactId: offer.contactId, reason: 'expired' } });
    }, Math.max(wait, 0));
    return () => window.clearTimeout(id);
  }, [state.offer]);

  const accept = useCallback(() => {
    const socket = socketRef.current;
    const { offer, answering } = stateRef.current;
    if (!socket || !offer || answering) return;
    dispatch({ type: 'answering' });
    void acceptOffer(socket, offer.contactId).then((ack) => {
      if (ack.ok) dispatch({ type: 'accepted', offer });
      else if (ack.error === 'timeout') dispatch({ type: 'answer-retry', error: 'timeout' });
      else dispatch({ type: 'answer-failed', contactId: offer.contactId, error: ack.error ?? 'refused' });
    });
  }, []);

  const decline = useCallback(() => {
    const socket = socketRef.current;
    const { offer, answering } = stateRef.current;
    if (!socket || !offer || answering) return;
    dispatch({ type: 'answering' });
    void declineOffer(socket, offer.contactId).then((ack) => {
      if (ack.ok) dispatch({ type: 'declined', contactId: offer.contactId });
      else if (ack.error === 'timeout') dispatch({ type: 'answer-retry', error: 'timeout' });
      else dispatch({ type: 'answer-failed', contactId: offer.contactId, error: ack.error ?? 'refused' });
    });
  }, []);

  const setState = useCallback((next: 'available' | 'away') => {
    const socket = socketRef.current;
    if (!socket) return;
    dispatch({ type: 'presence-error', error: null });
    const eventsBefore = presenceEvents.current;
    void setPresence(socket, { state: next }).then((ack) => {
      if (ack.ok) {
        // The server also sends `presence`; if none came meanwhile, show the state it accepted.
        if (presenceEvents.current === eventsBefore) {
          dispatch({ type: 'presence', presence: { state: next, since: new Date().toISOString(), until: null } });
        }
      } else {
        dispatch({ type: 'presence-error', error: ack.error ?? 'refused' });
      }
    });
  }, []);

  const done = useCallback(() => dispatch({ type: 'done' }), []);

  const leftCall = useCallback((contactId: string) => dispatch({ type: 'ended', ended: { contactId, durationSeconds: null }, handedOver: true }), []);

  const callBack = useCallback(async (messageId: string, language: Language | null) => {
    const { contactId } = await startCallback(messageId);
    dispatch({ type: 'calling-back', messageId, contactId, language });
  }, []);

  const onContactChanged = useCallback((listener: ContactListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const onFloorChanged = useCallback((listener: FloorListener) => {
    floorListeners.current.add(listener);
    return () => {
      floorListeners.current.delete(listener);
    };
  }, []);

  const onRiskAlert = useCallback((listener: RiskAlertListener) => subscribe(riskListeners.current, listener), []);
  const onCaseChanged = useCallback((listener: CaseListener) => subscribe(caseListeners.current, listener), []);
  const onConnected = useCallback((listener: ConnectListener) => subscribe(connectListeners.current, listener), []);

  const value = useMemo<Realtime>(
    () => ({
      ...state, accept, decline, setState, done, leftCall, callBack, onContactChanged, onFloorChanged, onRiskAlert, onCaseChanged, onConnected,
    }),
    [state, accept, decline, setState, done, leftCall, callBack, onContactChanged, onFloorChanged, onRiskAlert, onCaseChanged, onConnected],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
