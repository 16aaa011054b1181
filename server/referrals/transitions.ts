import type { DeclineReason, ReferralAction, ReferralSide, ReferralStatus } from '../contracts/referrals.js';

// The referral lifecycle (issue 7) as data: DRAFT → SENT → ACKNOWLEDGED → UNDER_ASSESSMENT ⇄
// INFO_REQUESTED → ACCEPTED / WAITLISTED / DECLINED → PLACED / NO_SHOW / WITHDRAWN → CLOSED. Each
// action belongs to one side and is legal from a listed set of statuses; nothing else moves.

/** Still being decided by the receiving organisation: the SLA clock runs. */
const PENDING: ReferralStatus[] = ['SENT', 'ACKNOWLEDGED', 'UNDER_ASSESSMENT', 'INFO_REQUESTED'];
/** The referral is still alive: the person may withdraw, the helpline may call it off. */
const OPEN: ReferralStatus[] = [...PENDING, 'ACCEPTED', 'WAITLISTED'];
/** Finished one way or another: only closing remains. */
const ENDED: ReferralStatus[] = ['DECLINED', 'PLACED', 'NO_SHOW', 'WITHDRAWN_BY_PERSON', 'CANCELLED', 'EXPIRED'];

interface Rule { by: ReferralSide; from: readonly ReferralStatus[]; to: ReferralStatus }

const RULES: Record<ReferralAction, Rule> = {
  send: { by: 'helpline', from: ['DRAFT'], to: 'SENT' },
  acknowledge: { by: 'receiver', from: ['SENT'], to: 'ACKNOWLEDGED' },
  start_assessment: { by: 'receiver', from: ['SENT', 'ACKNOWLEDGED'], to: 'UNDER_ASSESSMENT' },
  request_info: { by: 'receiver', from: ['SENT', 'ACKNOWLEDGED', 'UNDER_ASSESSMENT'], to: 'INFO_REQUESTED' },
  // The helpline's answer puts the question back with the receiver, who goes on assessing.
  provide_info: { by: 'helpline', from: ['INFO_REQUESTED'], to: 'UNDER_ASSESSMENT' },
  accept: { by: 'receiver', from: ['ACKNOWLEDGED', 'UNDER_ASSESSMENT', 'WAITLISTED'], to: 'ACCEPTED' },
  waitlist: { by: 'receiver', from: ['ACKNOWLEDGED', 'UNDER_ASSESSMENT'], to: 'WAITLISTED' },
  decline: { by: 'receiver', from: [...PENDING, 'WAITLISTED'], to: 'DECLINED' },
  place: { by: 'receiver', from: ['ACCEPTED'], to: 'PLACED' },
  no_show: { by: 'receiver', from: ['ACCEPTED'], to: 'NO_SHOW' },
  withdraw: { by: 'helpline', from: OPEN, to: 'WITHDRAWN_BY_PERSON' },
  cancel: { by: 'helpline', from: ['DRAFT', ...OPEN], to: 'CANCELLED' },
  expire: { by: 'system', from: PENDING, to: 'EXPIRED' },
  close: { by: 'helpline', from: ENDED, to: 'CLOSED' },
};

export type TransitionResult =
  | { ok: true; to: ReferralStatus; declineReason: DeclineReason | null; takesBed: boolean }
  | { ok: false; error: 'wrong_side' | 'illegal' | 'reason_required' | 'reason_not_expected' };

/**
 * Whether `side` may do `action` to a referral in `status`, and where it leads. A decline needs a
 * reason (and nothing else takes one); a placement takes a bed from the facility's capacity.
 */
export function transition(status: ReferralStatus, action: ReferralAction, side: ReferralSide, declineReason?: DeclineReason): TransitionResult {
  const rule = RULES[action];
  if (rule.by !== side) return { ok: false, error: 'wrong_side' };
  if (!rule.from.includes(status)) return { ok: false, error: 'illegal' };
  if (action === 'decline' && !declineReason) return { ok: false, error: 'reason_required' };
  if (action !== 'decline' && declineReason) return { ok: false, error: 'reason_not_expected' };
  return { ok: true, to: rule.to, declineReason: declineReason ?? null, takesBed: action === 'place' };
}

/** What `side` can do now: the buttons a console shows. */
export function actionsFor(status: ReferralStatus, side: ReferralSide): ReferralAction[] {
  return (Object.keys(RULES) as ReferralAction[]).filter((a) => RULES[a].by === side && RULES[a].from.includes(status));
}

/** Statuses on which the SLA clock runs (the receiver has not decided yet). */
export const awaitingDecision = (status: ReferralStatus): boolean => PENDING.includes(status);
