import type { ZodType } from 'zod';
import {
  BlockCreated, BlockList, CallbackList, CaseList, CaseView, ContactEventView, ContactList, ContactView, ErrorReply,
  IndicatorCatalogue, IntakeView, InterpreterTable, IvrSettings, OnCallTable, PromptItem, PromptList, RiskAlert, RiskAlertList, RiskPreviewResult, RoutingSettings, SessionReply,
  RetentionResult, RetentionSettings, SignInReply, StaffList, StaffMember, TransferTargets, Wallboard,
  type BlockInput, type IndicatorDefinition, type CaseCreate, type CaseSearch, type CaseUpdate, type ContactRecordInput, type IntakeAnswers, type IntakeSave,
  type Language, type MonitorCall, type OperatorSkills, type TransferTarget,
} from './contracts.js';

/** Any failed request: `status` 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';
let unauthorizedHandler: (() => void) | null = null;

/** The session's CSRF token, sent as `X-CSRF-Token` on every request but GET. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request answers 401: the session is gone, back to sign-in. */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

interface RequestOptions {
  body?: unknown;
  /** A 401 here is an answer (wrong password), not a lost session. */
  signingIn?: boolean;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function request(method: Method, url: string, opts: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : 'network error');
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const parsed = ErrorReply.safeParse(data);
    const error = parsed.success
      ? new ApiError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.fields ?? {})
      : new ApiError(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`);
    if (res.status === 401 && !opts.signingIn) unauthorizedHandler?.();
    throw error;
  }
  return data;
}

function parse<T>(schema: ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    console.error(`Unexpected ${what} from the server`, parsed.error);
    throw new ApiError(502, 'bad_reply', `unexpected ${what}`);
  }
  return parsed.data;
}

export async function getSession(): Promise<SessionReply> {
  return parse(SessionReply, await request('GET', '/api/session'), 'session');
}

export async function signIn(username: string, password: string): Promise<SignInReply> {
  const data = await request('POST', '/api/session', { body: { username, password }, signingIn: true });
  return parse(SignInReply, data, 'sign-in reply');
}

export async function signOut(): Promise<void> {
  await request('DELETE', '/api/session');
}

export async function listContacts(cursor?: string, limit = 25): Promise<ContactList> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return parse(ContactList, await request('GET', `/api/contacts?${query.toString()}`), 'contact list');
}

export async function getContact(id: string): Promise<ContactView> {
  return parse(ContactView, await request('GET', `/api/contacts/${encodeURIComponent(id)}`), 'contact');
}

export async function saveRecord(id: string, record: ContactRecordInput): Promise<ContactView> {
  const data = await request('PUT', `/api/contacts/${encodeURIComponent(id)}/record`, { body: record });
  return parse(ContactView, data, 'contact');
}

/** Messages left for a call-back, oldest first, in the operator's languages (supervisors: all). */
export async function listCallbacks(): Promise<CallbackList> {
  return parse(CallbackList, await request('GET', '/api/callbacks'), 'call-back list');
}

/**
 * Calls back the person who left message `messageId`: the operator's own phone rings first, then
 * the person's number into the same conference. Answers 201 with the call-back's own contact; 409
 * when a colleague is calling back, the operator is on a call or the number is gone.
 */
export async function startCallback(messageId: string): Promise<{ contactId: string }> {
  const data = await request('POST', `/api/callbacks/${encodeURIComponent(messageId)}/call`);
  // server/contracts has no schema for this reply: it is checked here.
  if (typeof data === 'object' && data !== null && 'contactId' in data && typeof data.contactId === 'string') return { contactId: data.contactId };
  throw new ApiError(502, 'bad_reply', 'unexpected call-back reply');
}

export async function getIvrSettings(): Promise<IvrSettings> {
  return parse(IvrSettings, await request('GET', '/api/settings/ivr'), 'IVR settings');
}

export async function saveIvrSettings(settings: IvrSettings): Promise<IvrSettings> {
  return parse(IvrSettings, await request('PUT', '/api/settings/ivr', { body: settings }), 'IVR settings');
}

export async function getOnCallTable(): Promise<OnCallTable> {
  return parse(OnCallTable, await request('GET', '/api/oncall-numbers'), 'on-call table');
}

/** Replaces the whole table: the order within a region is the order numbers are tried. */
export async function saveOnCallTable(table: OnCallTable): Promise<OnCallTable> {
  return parse(OnCallTable, await request('PUT', '/api/oncall-numbers', { body: table }), 'on-call table');
}

/** Every prompt callers hear, in every language, with the admins' texts. */
export async function getPrompts(): Promise<PromptList> {
  return parse(PromptList, await request('GET', '/api/settings/prompts'), 'prompt list');
}

const promptUrl = (language: Language, key: string) =>
  `/api/settings/prompts/${encodeURIComponent(language)}/${encodeURIComponent(key)}`;

/** Callers hear `text` from the next call on; 400 when it drops or adds a `{placeholder}`. */
export async function savePrompt(language: Language, key: string, text: string): Promise<PromptItem> {
  return parse(PromptItem, await request('PUT', promptUrl(language, key), { body: { text } }), 'prompt');
}

/** Back to the catalogue's text (and to the recording, if there is one). */
export async function resetPrompt(language: Language, key: string): Promise<PromptItem> {
  return parse(PromptItem, await request('DELETE', promptUrl(language, key)), 'prompt');
}

export async function getInterpreterLines(): Promise<InterpreterTable> {
  return parse(InterpreterTable, await request('GET', '/api/interpreter-lines'), 'interpreter lines');
}

/** Replaces the whole table: a line is named in a live call by its place in it. */
export async function saveInterpreterLines(table: InterpreterTable): Promise<InterpreterTable> {
  return parse(InterpreterTable, await request('PUT', '/api/interpreter-lines', { body: table }), 'interpreter lines');
}

/** Calls interpreter line number `line` (its index in the table) into the live call's conference. */
export async function addInterpreter(contactId: string, line: number): Promise<ContactEventView> {
  const data = await request('POST', `/api/contacts/${encodeURIComponent(contactId)}/interpreter`, { body: { line } });
  return parse(ContactEventView, data, 'contact event');
}

/** Puts the caller on hold (they hear music) or takes them off it; 409 when the call has ended or Twilio refused. */
export async function holdCall(contactId: string, hold: boolean): Promise<ContactEventView> {
  const data = await request('POST', `/api/contacts/${encodeURIComponent(contactId)}/hold`, { body: { hold } });
  return parse(ContactEventView, data, 'contact event');
}

/**
 * A supervisor listens to, coaches on or joins a live call: their own phone is called into it (or,
 * already on it, changes mode). They leave by hanging up; there is no request for that.
 */
export async function monitorCall(contactId: string, mode: MonitorCall['mode']): Promise<ContactEventView> {
  const data = await request('POST', `/api/contacts/${encodeURIComponent(contactId)}/monitor`, { body: { mode } });
  return parse(ContactEventView, data, 'contact event');
}

/** Colleagues the live call can be handed to now (available), best speakers of the caller's language first. */
export async function getTransferTargets(contactId: string): Promise<{ items: TransferTarget[] }> {
  return parse(TransferTargets, await request('GET', `/api/contacts/${encodeURIComponent(contactId)}/transfer-targets`), 'transfer targets');
}

/**
 * Starts a warm transfer: the caller holds (music) while the colleague's phone is rung into the call.
 * 409 when they are not available, a transfer is under way, or their phone could not be called.
 */
export async function startTransfer(contactId: string, operatorId: string): Promise<ContactEventView> {
  const data = await request('POST', `/api/contacts/${encodeURIComponent(contactId)}/transfer`, { body: { operatorId } });
  return parse(ContactEventView, data, 'contact event');
}

/** Hands the call to the colleague: the caller comes off hold with them, and this operator leaves the call. */
export async function completeTransfer(contactId: string): Promise<ContactEventView> {
  const data = await request('POST', `/api/contacts/${encodeURIComponent(contactId)}/transfer/complete`);
  return parse(ContactEventView, data, 'contact event');
}

/** Calls the transfer off: the colleague's phone leaves, the caller comes off hold with this operator. */
export async function cancelTransfer(contactId: string): Promise<ContactEventView> {
  const data = await request('POST', `/api/contacts/${encodeURIComponent(contactId)}/transfer/cancel`);
  return parse(ContactEventView, data, 'contact event');
}

/**
 * Ends the live call from the console: the caller's line and this operator's phone are hung up, and
 * `call:ended` follows as for any hang-up. 409 when the call has already ended or Twilio refused.
 */
export async function hangUpCall(contactId: string): Promise<void> {
  await request('POST', `/api/contacts/${encodeURIComponent(contactId)}/hangup`);
}

/** `POST /api/blocks` answers 201 with this; server/contracts has no schema for it, so it is described here. */

/** Active blocks, newest first (supervisors only). */
export async function listBlocks(): Promise<BlockList> {
  return parse(BlockList, await request('GET', '/api/blocks'), 'block list');
}

/** Blocks the number behind a contact; 409 when the number was withheld. */
export async function blockCaller(input: BlockInput): Promise<BlockCreated> {
  return parse(BlockCreated, await request('POST', '/api/blocks', { body: input }), 'block');
}

/** Lifts an active block; 404 when it was already lifted or has expired. */
export async function liftBlock(blockId: string): Promise<void> {
  await request('DELETE', `/api/blocks/${encodeURIComponent(blockId)}`);
}

/** Who is waiting, who is on the floor, and the service level (supervisors only). */
export async function getWallboard(): Promise<Wallboard> {
  return parse(Wallboard, await request('GET', '/api/wallboard'), 'wallboard');
}

/** Offers a waiting call to `operatorId` now; 409 when they are not available or the call was taken. */
export async function reassignCall(contactId: string, operatorId: string): Promise<void> {
  await request('POST', `/api/queue/${encodeURIComponent(contactId)}/reassign`, { body: { operatorId } });
}

/** Marks a waiting call as about a child (offered sooner, to operators trained for minors only), or not. */
export async function markMinor(contactId: string, minor: boolean): Promise<void> {
  await request('PUT', `/api/queue/${encodeURIComponent(contactId)}/minor`, { body: { minor } });
}

/** Everyone who takes calls, with the skills routing reads (admins and supervisors). */
export async function getStaff(): Promise<StaffList> {
  return parse(StaffList, await request('GET', '/api/staff'), 'staff list');
}

/** Replaces one person's skills; routing uses them from its next pass. 400 names the refused fields. */
export async function saveStaffSkills(userId: string, skills: OperatorSkills): Promise<StaffMember> {
  const data = await request('PUT', `/api/staff/${encodeURIComponent(userId)}/skills`, { body: skills });
  return parse(StaffMember, data, 'staff member');
}

export async function getRoutingSettings(): Promise<RoutingSettings> {
  return parse(RoutingSettings, await request('GET', '/api/settings/routing'), 'routing settings');
}

export async function saveRoutingSettings(settings: RoutingSettings): Promise<RoutingSettings> {
  return parse(RoutingSettings, await request('PUT', '/api/settings/routing', { body: settings }), 'routing settings');
}

// ——— Intake, risk and cases ———

const contactUrl = (contactId: string, rest = '') => `/api/contacts/${encodeURIComponent(contactId)}${rest}`;
const caseUrl = (caseId: string, rest = '') => `/api/cases/${encodeURIComponent(caseId)}${rest}`;

/** The triage form of a contact, with its risk; version 0 when nothing was saved yet. */
export async function getIntake(contactId: string): Promise<IntakeView> {
  return parse(IntakeView, await request('GET', contactUrl(contactId, '/intake')), 'intake');
}

/** Saves the whole draft; 409 (nothing written) when someone saved since `version`. */
export async function saveIntake(contactId: string, draft: IntakeSave): Promise<IntakeView> {
  return parse(IntakeView, await request('PUT', contactUrl(contactId, '/intake'), { body: draft }), 'intake');
}

/**
 * The same save, sent as the page goes away (`pagehide`): `keepalive` lets it outlive the page, so
 * nobody reads the answer. Never throws.
 */
export function saveIntakeOnLeave(contactId: string, draft: IntakeSave): void {
  try {
    void fetch(contactUrl(contactId, '/intake'), {
      method: 'PUT',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken },
      body: JSON.stringify(draft),
    }).catch(() => undefined);
  } catch {
    // Too large for keepalive, or the page is already gone: the last timed save stands.
  }
}

/** The level these answers would give, with its reasons; nothing is stored. */
export async function scoreRisk(answers: IntakeAnswers): Promise<RiskPreviewResult> {
  return parse(RiskPreviewResult, await request('POST', '/api/risk/score', { body: { answers } }), 'risk score');
}

/** `GET /api/indicators`: the current indicator catalogue. */
export async function getIndicators(): Promise<IndicatorCatalogue> {
  return parse(IndicatorCatalogue, await request('GET', '/api/indicators'), 'indicator catalogue');
}

/**
 * Publishes the next version of the catalogue (admins); `version` is the one the admin edited.
 * 409 when someone published meanwhile; 400 with fields (`indicators.3.question.en`) on bad input.
 */
export async function publishIndicators(version: number, indicators: IndicatorDefinition[]): Promise<IndicatorCatalogue> {
  return parse(IndicatorCatalogue, await request('PUT', '/api/indicators', { body: { version, indicators } }), 'indicator catalogue');
}

export async function getRetentionSettings(): Promise<RetentionSettings> {
  return parse(RetentionSettings, await request('GET', '/api/settings/retention'), 'retention settings');
}

export async function saveRetentionSettings(settings: RetentionSettings): Promise<RetentionSettings> {
  return parse(RetentionSettings, await request('PUT', '/api/settings/retention', { body: settings }), 'retention settings');
}

/** Anonymises what is past the saved limits; a dry run only counts. */
export async function runRetention(dryRun: boolean): Promise<RetentionResult> {
  return parse(RetentionResult, await request('POST', '/api/retention/run', { body: { dryRun } }), 'retention result');
}

/** Where a CSV export downloads from: a plain GET with the session cookie, so a link with `download` is enough. */
export function exportUrl(file: 'contacts' | 'cases', query: { from: string; to: string; includeText: boolean }): string {
  const params = new URLSearchParams({ from: query.from, to: query.to, includeText: String(query.includeText) });
  return `/api/exports/${file}.csv?${params.toString()}`;
}

/** Immediate-risk alerts no supervisor has acknowledged yet, oldest first (supervisors only). */
export async function listRiskAlerts(): Promise<RiskAlert[]> {
  return parse(RiskAlertList, await request('GET', '/api/risk/alerts'), 'risk alerts').items;
}

/** The first supervisor to acknowledge wins; a later one gets the alert as it already is. */
export async function acknowledgeRiskAlert(alertId: string): Promise<RiskAlert> {
  return parse(RiskAlert, await request('POST', `/api/risk/alerts/${encodeURIComponent(alertId)}/acknowledge`), 'risk alert');
}

/** Cases by code or pseudonym and filters, newest first, a page at a time. */
export async function searchCases(search: CaseSearch): Promise<CaseList> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  return parse(CaseList, await request('GET', `/api/cases?${query.toString()}`), 'case list');
}

/** A case, filled from the contact's triage form when `contactId` is given; 409 when the contact already has one. */
export async function createCase(input: CaseCreate): Promise<CaseView> {
  return parse(CaseView, await request('POST', '/api/cases', { body: input }), 'case');
}

export async function getCase(caseId: string): Promise<CaseView> {
  return parse(CaseView, await request('GET', caseUrl(caseId)), 'case');
}

/** Changes what `patch` names; 409 when someone changed the case since `patch.version`. */
export async function updateCase(caseId: string, patch: CaseUpdate): Promise<CaseView> {
  return parse(CaseView, await request('PATCH', caseUrl(caseId), { body: patch }), 'case');
}

export async function linkContactToCase(caseId: string, contactId: string): Promise<CaseView> {
  return parse(CaseView, await request('POST', caseUrl(caseId, '/contacts'), { body: { contactId } }), 'case');
}

/** Merges `fromCaseId` into `caseId`: the other case closes and points here. */
export async function mergeCase(caseId: string, fromCaseId: string): Promise<CaseView> {
  return parse(CaseView, await request('POST', caseUrl(caseId, '/merge'), { body: { fromCaseId } }), 'case');
}

export async function addCaseTask(caseId: string, task: { title: string; dueAt: string | null; ownerId: string | null }): Promise<CaseView> {
  return parse(CaseView, await request('POST', caseUrl(caseId, '/tasks'), { body: task }), 'case');
}

export async function setCaseTaskDone(caseId: string, taskId: string, done: boolean): Promise<CaseView> {
  return parse(CaseView, await request('PATCH', caseUrl(caseId, `/tasks/${encodeURIComponent(taskId)}`), { body: { done } }), 'case');
}

// The simulator's caller softphone (only when the session says `simulator`). Its shapes are not in
// server/contracts, so they are described in sim.ts and checked loosely there.
export async function simStartCall(): Promise<{ sid: string }> {
  const data = await request('POST', '/sim/phone/calls', { body: {} });
  if (typeof data === 'object' && data !== null && 'sid' in data && typeof data.sid === 'string') return { sid: data.sid };
  throw new ApiError(502, 'bad_reply', 'unexpected call reply');
}

export async function simGetCall(sid: string): Promise<unknown> {
  return request('GET', `/sim/phone/calls/${encodeURIComponent(sid)}`);
}

export async function simSendDigits(sid: string, digits: string): Promise<void> {
  await request('POST', `/sim/phone/calls/${encodeURIComponent(sid)}/digits`, { body: { digits } });
}

export async function simSpeak(sid: string, text: string): Promise<void> {
  await request('POST', `/sim/phone/calls/${encodeURIComponent(sid)}/speech`, { body: { text } });
}

export async function simHangUp(sid: string): Promise<void> {
  await request('POST', `/sim/phone/calls/${encodeURIComponent(sid)}/hangup`);
}

export const simStreamUrl = (sid: string) => `/sim/phone/calls/${encodeURIComponent(sid)}/stream`;
