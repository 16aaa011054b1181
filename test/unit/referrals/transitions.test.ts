import { expect } from 'chai';
import {
  REFERRAL_ACTIONS, REFERRAL_SIDES, REFERRAL_STATUSES, type ReferralAction, type ReferralSide, type ReferralStatus,
} from '../../../server/contracts/referrals.js';
import { actionsFor, awaitingDecision, transition } from '../../../server/referrals/transitions.js';

// The lifecycle from issue 7, written out move by move: from, action, side, to. Every pair not in
// this table must be refused — the loop at the end tries all of them.

const H = 'helpline';
const R = 'receiver';
const S = 'system';
const LEGAL: Array<[ReferralStatus, ReferralAction, ReferralSide, ReferralStatus]> = [
  ['DRAFT', 'send', H, 'SENT'],
  ['DRAFT', 'cancel', H, 'CANCELLED'],
  // The receiver reads it, assesses, may ask questions.
  ['SENT', 'acknowledge', R, 'ACKNOWLEDGED'],
  ['SENT', 'start_assessment', R, 'UNDER_ASSESSMENT'],
  ['ACKNOWLEDGED', 'start_assessment', R, 'UNDER_ASSESSMENT'],
  ['SENT', 'request_info', R, 'INFO_REQUESTED'],
  ['ACKNOWLEDGED', 'request_info', R, 'INFO_REQUESTED'],
  ['UNDER_ASSESSMENT', 'request_info', R, 'INFO_REQUESTED'],
  ['INFO_REQUESTED', 'provide_info', H, 'UNDER_ASSESSMENT'],
  // The decision.
  ['ACKNOWLEDGED', 'accept', R, 'ACCEPTED'],
  ['UNDER_ASSESSMENT', 'accept', R, 'ACCEPTED'],
  ['WAITLISTED', 'accept', R, 'ACCEPTED'],
  ['ACKNOWLEDGED', 'waitlist', R, 'WAITLISTED'],
  ['UNDER_ASSESSMENT', 'waitlist', R, 'WAITLISTED'],
  ['SENT', 'decline', R, 'DECLINED'],
  ['ACKNOWLEDGED', 'decline', R, 'DECLINED'],
  ['UNDER_ASSESSMENT', 'decline', R, 'DECLINED'],
  ['INFO_REQUESTED', 'decline', R, 'DECLINED'],
  ['WAITLISTED', 'decline', R, 'DECLINED'],
  // After acceptance.
  ['ACCEPTED', 'place', R, 'PLACED'],
  ['ACCEPTED', 'no_show', R, 'NO_SHOW'],
  // The person may change their mind while it is alive; the helpline may call it off.
  ...(['SENT', 'ACKNOWLEDGED', 'UNDER_ASSESSMENT', 'INFO_REQUESTED', 'ACCEPTED', 'WAITLISTED'] as const).flatMap((s) => [
    [s, 'withdraw', H, 'WITHDRAWN_BY_PERSON'] as [ReferralStatus, ReferralAction, ReferralSide, ReferralStatus],
    [s, 'cancel', H, 'CANCELLED'] as [ReferralStatus, ReferralAction, ReferralSide, ReferralStatus],
  ]),
  // Nobody decided in time.
  ...(['SENT', 'ACKNOWLEDGED', 'UNDER_ASSESSMENT', 'INFO_REQUESTED'] as const).map((s) =>
    [s, 'expire', S, 'EXPIRED'] as [ReferralStatus, ReferralAction, ReferralSide, ReferralStatus]),
  // Whatever the ending, the helpline closes it.
  ...(['DECLINED', 'PLACED', 'NO_SHOW', 'WITHDRAWN_BY_PERSON', 'CANCELLED', 'EXPIRED'] as const).map((s) =>
    [s, 'close', H, 'CLOSED'] as [ReferralStatus, ReferralAction, ReferralSide, ReferralStatus]),
];

describe('referral transitions', () => {
  for (const [from, action, side, to] of LEGAL) {
    it(`${from} —${action} by ${side}→ ${to}`, () => {
      const r = transition(from, action, side, action === 'decline' ? 'NO_CAPACITY' : undefined);
      expect(r).to.deep.include({ ok: true, to });
    });
  }

  it('every other move is refused: by the wrong side, or from a status it does not leave', () => {
    const legal = new Set(LEGAL.map(([f, a, s]) => `${f} ${a} ${s}`));
    let refused = 0;
    for (const from of REFERRAL_STATUSES) {
      for (const action of REFERRAL_ACTIONS) {
        for (const side of REFERRAL_SIDES) {
          if (legal.has(`${from} ${action} ${side}`)) continue;
          const r = transition(from, action, side, action === 'decline' ? 'OTHER' : undefined);
          expect(r.ok, `${from} ${action} ${side}`).to.equal(false);
          refused++;
        }
      }
    }
    expect(refused).to.equal(REFERRAL_STATUSES.length * REFERRAL_ACTIONS.length * REFERRAL_SIDES.length - LEGAL.length);
  });

  it('a coordinator cannot act for the helpline, nor the helpline for the coordinator', () => {
    expect(transition('DRAFT', 'send', 'receiver')).to.deep.equal({ ok: false, error: 'wrong_side' });
    expect(transition('UNDER_ASSESSMENT', 'accept', 'helpline')).to.deep.equal({ ok: false, error: 'wrong_side' });
    expect(transition('SENT', 'expire', 'helpline')).to.deep.equal({ ok: false, error: 'wrong_side' });
  });

  it('CLOSED is the end: nothing leaves it', () => {
    for (const side of REFERRAL_SIDES) expect(actionsFor('CLOSED', side)).to.deep.equal([]);
  });

  it('a decline needs a reason, and only a decline takes one', () => {
    expect(transition('UNDER_ASSESSMENT', 'decline', 'receiver')).to.deep.equal({ ok: false, error: 'reason_required' });
    expect(transition('UNDER_ASSESSMENT', 'decline', 'receiver', 'SAFETY_TOO_CLOSE_TO_EXPLOITERS'))
      .to.deep.equal({ ok: true, to: 'DECLINED', declineReason: 'SAFETY_TOO_CLOSE_TO_EXPLOITERS', takesBed: false });
    expect(transition('UNDER_ASSESSMENT', 'accept', 'receiver', 'NO_CAPACITY')).to.deep.equal({ ok: false, error: 'reason_not_expected' });
  });

  it('only a placement takes a bed', () => {
    for (const [from, action, side] of LEGAL) {
      const r = transition(from, action, side, action === 'decline' ? 'NO_CAPACITY' : undefined);
      expect(r.ok && r.takesBed, `${from} ${action}`).to.equal(action === 'place');
    }
  });

  it("what each side may do now: the coordinator's buttons on a fresh referral, the helpline's on an information request", () => {
    expect(actionsFor('SENT', 'receiver')).to.have.members(['acknowledge', 'start_assessment', 'request_info', 'decline']);
    expect(actionsFor('INFO_REQUESTED', 'helpline')).to.have.members(['provide_info', 'withdraw', 'cancel']);
    expect(actionsFor('INFO_REQUESTED', 'receiver')).to.deep.equal(['decline']);
  });

  it('the SLA clock runs only while the receiver has not decided', () => {
    expect(REFERRAL_STATUSES.filter(awaitingDecision)).to.deep.equal(['SENT', 'ACKNOWLEDGED', 'UNDER_ASSESSMENT', 'INFO_REQUESTED']);
  });
});
