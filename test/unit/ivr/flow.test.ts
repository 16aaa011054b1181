import { expect } from 'chai';
import {
  answerMenu, DEFAULT_LANGUAGE, LANGUAGE_KEYS, MENU_REPEATS, PRIORITY, priorityOf, startCall,
  type IvrState, type IvrTurn, type Utterance,
} from '../../../ivr/flow/flow.js';

const digits = (d: string) => ({ kind: 'digits', digits: d }) as const;
const silence = { kind: 'silence' } as const;
const keys = (say: Utterance[]) => say.map((u) => `${u.key}:${u.language}`);

function walk(...inputs: (string | null)[]): IvrTurn {
  let turn = startCall();
  for (const i of inputs) turn = answerMenu(turn.state, i === null ? silence : digits(i));
  return turn;
}

describe('the IVR flow', () => {
  describe('the greeting', () => {
    const turn = startCall();
    it('greets in Italian and English and mentions 112 in both before the menu', () => {
      expect(keys(turn.instruction.say).slice(0, 4)).to.deep.equal(['welcome:it', 'danger112:it', 'welcome:en', 'danger112:en']);
    });
    it('announces each language option in its own language, then "another language"', () => {
      const options = turn.instruction.say.filter((u) => u.key === 'languageOption').map((u) => u.language);
      expect(options).to.deep.equal(['it', 'en', 'fr', 'ro', 'ar', 'sq', 'es', 'ru', 'zh']);
      expect(keys(turn.instruction.say).slice(-2)).to.deep.equal(['otherLanguage:it', 'otherLanguage:en']);
    });
    it('is the language menu', () => {
      expect(turn.instruction).to.include({ kind: 'menu', menu: 'language' });
      expect(turn.state.step).to.equal('language');
    });
  });

  describe('the language menu', () => {
    for (const [key, language] of Object.entries(LANGUAGE_KEYS)) {
      it(`key ${key} chooses ${language} and asks the purpose in it`, () => {
        const turn = walk(key);
        expect(turn.state.language).to.equal(language);
        expect(turn.instruction).to.include({ kind: 'menu', menu: 'purpose' });
        expect(turn.instruction.say.map((u) => u.language)).to.deep.equal([language === 'other' ? 'en' : language]);
      });
    }

    it('an invalid key says sorry and repeats the menu', () => {
      const turn = walk('#');
      expect(turn.instruction).to.include({ kind: 'menu', menu: 'language' });
      expect(keys(turn.instruction.say).slice(0, 2)).to.deep.equal(['invalid:it', 'invalid:en']);
      expect(turn.state.attempts).to.equal(1);
    });

    it('silence repeats the menu instead of hanging up', () => {
      const turn = walk(null);
      expect(turn.instruction).to.include({ kind: 'menu', menu: 'language' });
    });

    it(`after ${MENU_REPEATS} repeats, silence queues the caller in ${DEFAULT_LANGUAGE}`, () => {
      const turn = walk(...Array<null>(MENU_REPEATS + 1).fill(null));
      expect(turn.instruction.kind).to.equal('queue');
      expect(turn.state).to.include({ step: 'queue', language: DEFAULT_LANGUAGE, purpose: 'UNKNOWN' });
      expect(keys(turn.instruction.say)).to.deep.equal([`queued:${DEFAULT_LANGUAGE}`]);
    });

    it('the menu is repeated exactly twice before the default', () => {
      const turn = walk(...Array<null>(MENU_REPEATS).fill(null));
      expect(turn.instruction).to.include({ kind: 'menu', menu: 'language' });
    });

    it('* marks "cannot talk freely" and asks again without using up a try', () => {
      const turn = walk(null, '*');
      expect(turn.state).to.include({ cannotTalkFreely: true, attempts: 1, step: 'language' });
      expect(turn.instruction).to.include({ kind: 'menu', menu: 'language' });
    });

    it('only the first key of several counts', () => {
      expect(walk('21').state.language).to.equal('en');
    });
  });

  describe('the purpose menu', () => {
    const cases = [['1', 'SELF'], ['2', 'SOMEONE_ELSE'], ['3', 'SERVICE']] as const;
    for (const [key, purpose] of cases) {
      it(`key ${key} records ${purpose} and queues with normal priority in the chosen language`, () => {
        const turn = walk('3', key);
        expect(turn.state).to.include({ step: 'queue', purpose, danger: false, language: 'fr' });
        expect(turn.instruction.kind).to.equal('queue');
        expect(keys(turn.instruction.say)).to.deep.equal(['queued:fr']);
        expect(priorityOf(turn.state)).to.equal(PRIORITY.NORMAL);
      });
    }

    it('key 9 (in danger now) says 112 first and queues with the highest priority', () => {
      const turn = walk('2', '9');
      expect(turn.state).to.include({ purpose: 'DANGER', danger: true });
      expect(keys(turn.instruction.say)).to.deep.equal(['dangerNow:en', 'queued:en']);
      expect(priorityOf(turn.state)).to.equal(PRIORITY.DANGER);
      expect(PRIORITY.DANGER).to.be.greaterThan(PRIORITY.NORMAL);
    });

    it('an invalid key says sorry in the chosen language and repeats', () => {
      const turn = walk('4', '7');
      expect(turn.instruction).to.include({ kind: 'menu', menu: 'purpose' });
      expect(keys(turn.instruction.say)).to.deep.equal(['invalid:ro', 'purposeMenu:ro']);
    });

    it('silence three times queues the caller with purpose UNKNOWN, never hangs up', () => {
      const turn = walk('1', null, null, null);
      expect(turn.instruction.kind).to.equal('queue');
      expect(turn.state).to.include({ purpose: 'UNKNOWN', language: 'it' });
    });

    it('* keeps the menu and remembers the caller cannot talk freely', () => {
      const turn = walk('1', '*', '1');
      expect(turn.state).to.include({ cannotTalkFreely: true, purpose: 'SELF', step: 'queue' });
    });
  });

  it('an answer arriving after the caller is queued keeps them queued', () => {
    const queued = walk('1', '1').state;
    const turn = answerMenu(queued, digits('2'));
    expect(turn.state).to.deep.equal(queued satisfies IvrState);
    expect(turn.instruction).to.deep.equal({ kind: 'queue', say: [] });
  });
});
