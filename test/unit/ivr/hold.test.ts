import { expect } from 'chai';
import {
  answerMenu, holdKey, holdRound, overflowNotice, startCall, toVoicemail, afterMessage, MENU_REPEATS,
  type IvrState, type Wait,
} from '../../../ivr/flow/flow.js';

const queued = (o: Partial<IvrState> = {}): IvrState =>
  ({ step: 'queue', attempts: 0, language: 'fr', purpose: 'SELF', danger: false, cannotTalkFreely: false, ...o });
const wait = (o: Partial<Wait> = {}): Wait =>
  ({ position: 3, expectedMinutes: 4, waitedSeconds: 30, limitSeconds: 180, beingOffered: false, ...o });
const keys = (say: { key: string; language: string }[]) => say.map((u) => `${u.key}:${u.language}`);
const withheld = { numberWithheld: true };
const known = { numberWithheld: false };

describe('holding in the queue', () => {
  it('each round says the position, the expected wait and the keys, in the caller\'s language', () => {
    const round = holdRound(queued(), wait());
    expect(round.kind).to.equal('hold');
    if (round.kind !== 'hold') return;
    expect(keys(round.say)).to.deep.equal(['position:fr', 'expectedWait:fr', 'holdOptions:fr']);
    expect(round.say[0]!.vars).to.deep.equal({ position: 3 });
    expect(round.say[1]!.vars).to.deep.equal({ minutes: 4 });
  });

  it('without any history of waits, no expected wait is guessed', () => {
    const round = holdRound(queued(), wait({ expectedMinutes: null }));
    expect(round.kind === 'hold' && keys(round.say)).to.deep.equal(['position:fr', 'holdOptions:fr']);
  });

  it('an expected wait under a minute is said as one minute, never zero', () => {
    const round = holdRound(queued(), wait({ expectedMinutes: 0 }));
    expect(round.kind === 'hold' && round.say[1]!.vars).to.deep.equal({ minutes: 1 });
  });

  it('a caller who cannot talk freely holds in silence', () => {
    expect(holdRound(queued({ cannotTalkFreely: true }), wait())).to.deep.equal({ kind: 'hold', say: [] });
  });

  it('past the wait limit the caller leaves for the on-call colleague', () => {
    expect(holdRound(queued(), wait({ waitedSeconds: 180 }))).to.deep.equal({ kind: 'leave', to: 'overflow' });
    expect(holdRound(queued(), wait({ waitedSeconds: 179 })).kind).to.equal('hold');
  });

  it('a caller whose offer is ringing is never pulled out, even past the limit', () => {
    expect(holdRound(queued(), wait({ waitedSeconds: 999, beingOffered: true })).kind).to.equal('hold');
  });

  it('9 while holding marks the caller in danger and says they go first, with 112', () => {
    const { state, instruction } = holdKey(queued(), '9');
    expect(state).to.include({ danger: true, purpose: 'SELF' });
    expect(instruction.kind === 'hold' && keys(instruction.say)).to.deep.equal(['dangerNoted:fr']);
  });

  it('9 from a caller whose purpose was unknown records the purpose as DANGER', () => {
    expect(holdKey(queued({ purpose: 'UNKNOWN' }), '9').state.purpose).to.equal('DANGER');
  });

  it('9 from a caller who cannot talk freely says nothing aloud', () => {
    const { state, instruction } = holdKey(queued({ cannotTalkFreely: true }), '9');
    expect(state.danger).to.equal(true);
    expect(instruction).to.deep.equal({ kind: 'hold', say: [] });
  });

  it('1 while holding leaves the queue to leave a message', () => {
    expect(holdKey(queued(), '1').instruction).to.deep.equal({ kind: 'leave', to: 'voicemail' });
  });

  it('any other key is ignored', () => {
    for (const k of ['2', '#', '*', '']) expect(holdKey(queued(), k).instruction, k).to.deep.equal({ kind: 'hold', say: [] });
  });

  it('the overflow notice is said, except to a caller who cannot talk freely', () => {
    expect(keys(overflowNotice(queued()))).to.deep.equal(['overflow:fr']);
    expect(overflowNotice(queued({ cannotTalkFreely: true }))).to.deep.equal([]);
  });
});

describe('leaving a message', () => {
  it('asks for explicit consent to a call-back on this number', () => {
    const turn = toVoicemail(queued(), known);
    expect(turn.state.step).to.equal('consent');
    expect(turn.instruction).to.deep.include({ kind: 'menu', menu: 'consent' });
    expect(keys(turn.instruction.say)).to.deep.equal(['callbackConsent:fr']);
  });

  it('asks discreetly (yes/no only) when the caller cannot talk freely', () => {
    expect(keys(toVoicemail(queued({ cannotTalkFreely: true }), known).instruction.say)).to.deep.equal(['callbackDiscreet:fr']);
  });

  it('with a withheld number, says a call-back is impossible and goes straight to the message', () => {
    const turn = toVoicemail(queued(), withheld);
    expect(turn.instruction).to.deep.include({ kind: 'record', keepNumber: false });
    expect(keys(turn.instruction.say)).to.deep.equal(['callbackNoNumber:fr', 'recordAfterBeep:fr']);
  });

  it('1 is consent: the number is kept, then the message', () => {
    const turn = answerMenu(toVoicemail(queued(), known).state, { kind: 'digits', digits: '1' }, known);
    expect(turn.instruction).to.deep.include({ kind: 'record', keepNumber: true });
    expect(turn.state.step).to.equal('record');
  });

  it('2 is a message without a call-back', () => {
    const turn = answerMenu(toVoicemail(queued(), known).state, { kind: 'digits', digits: '2' }, known);
    expect(turn.instruction).to.deep.include({ kind: 'record', keepNumber: false });
  });

  it('silence repeats the question twice, then takes the message without keeping the number', () => {
    let turn = toVoicemail(queued(), known);
    for (let i = 0; i < MENU_REPEATS; i++) {
      turn = answerMenu(turn.state, { kind: 'silence' }, known);
      expect(turn.instruction.kind, `repeat ${i + 1}`).to.equal('menu');
    }
    turn = answerMenu(turn.state, { kind: 'silence' }, known);
    expect(turn.instruction).to.deep.include({ kind: 'record', keepNumber: false });
  });

  it('thanks for a call-back request and for a plain message differently', () => {
    expect(keys(afterMessage(queued(), true))).to.deep.equal(['callbackSaved:fr']);
    expect(keys(afterMessage(queued(), false))).to.deep.equal(['messageSaved:fr']);
  });
});

describe('"I cannot talk freely" (*) changes what is read aloud', () => {
  it('the purpose menu and the queue message become discreet', () => {
    let turn = startCall();
    turn = answerMenu(turn.state, { kind: 'digits', digits: '2' });
    turn = answerMenu(turn.state, { kind: 'digits', digits: '*' });
    expect(keys(turn.instruction.say)).to.deep.equal(['understood:en', 'purposeMenuDiscreet:en']);
    turn = answerMenu(turn.state, { kind: 'digits', digits: '9' });
    expect(turn.state).to.include({ danger: true, cannotTalkFreely: true });
    expect(keys(turn.instruction.say)).to.deep.equal(['queuedDiscreet:en']);
  });
});

describe('a blocked caller', () => {
  it('hears one short sentence in Italian and English that still offers 9', async () => {
    const { startBlocked } = await import('../../../ivr/flow/flow.js');
    const turn = startBlocked();
    expect(turn.instruction).to.deep.include({ kind: 'menu', menu: 'blocked' });
    expect(keys(turn.instruction.say)).to.deep.equal(['blocked:it', 'blocked:en']);
  });

  it('9 gets through as a danger call; anything else, or silence, ends the call', async () => {
    const { startBlocked } = await import('../../../ivr/flow/flow.js');
    const danger = answerMenu(startBlocked().state, { kind: 'digits', digits: '9' });
    expect(danger.state).to.include({ step: 'queue', danger: true, purpose: 'DANGER', language: 'it' });
    expect(danger.instruction.kind).to.equal('queue');
    for (const input of [{ kind: 'silence' } as const, { kind: 'digits', digits: '1' } as const]) {
      expect(answerMenu(startBlocked().state, input).instruction.kind).to.equal('goodbye');
    }
  });
});
