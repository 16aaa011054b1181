import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { answerMenu, startBlocked, startCall, toVoicemail, type IvrTurn } from '../../../ivr/flow/flow.js';
import { CATALOGUES, type SpokenLanguage } from '../../../ivr/prompts/catalogue.js';
import { DANGER_WORDS, SPEECH_LANGUAGES, spokenDanger } from '../../../ivr/prompts/danger-words.js';
import { Twiml } from '../../../ivr/twiml.js';

const urls = { menu: '/ivr/menu', hold: '/ivr/hold', holdKey: '/ivr/hold-key', queueExit: '/ivr/queue-exit', recorded: '/ivr/recorded' };
const press = (t: IvrTurn, d: string) => answerMenu(t.state, { kind: 'digits', digits: d });
const speak = (t: IvrTurn, text: string) => answerMenu(t.state, { kind: 'speech', text });

describe('saying "danger" at a menu', () => {
  describe('recognising the words', () => {
    const cases: Array<[string, SpokenLanguage[], SpokenLanguage | null]> = [
      ['Sono in PERICOLO!', ['it'], 'it'],
      ['aiutatemi, vi prego', ['it'], 'it'],
      ['Help me please', ['it', 'en'], 'en'],
      ['I need help for a friend', ['it', 'en'], null],
      ['dangerous dog', ['en'], null],
      ['Au secours !', ['fr'], 'fr'],
      ['Ajutați-mă', ['ro'], 'ro'],
      ['أنا في خطر', ['ar'], 'ar'],
      ['Jam në rrezik', ['sq'], 'sq'],
      ['Ndihmë!', ['sq'], 'sq'],
      ['Estoy en peligro', ['es'], 'es'],
      ['Estou em perigo', ['es'], 'es'],
      ['Помогите!', ['ru'], 'ru'],
      ['Допоможіть', ['ru'], 'ru'],
      ['我有危险', ['zh'], 'zh'],
      ['pericolo', ['en'], null],
      ['', ['it', 'en'], null],
    ];
    for (const [said, languages, expected] of cases) {
      it(`"${said}" in ${languages.join('/')} → ${expected ?? 'nothing'}`, () => {
        expect(spokenDanger(said, languages)).to.equal(expected);
      });
    }

    it('every menu language has danger words and a speech language twilio accepts', () => {
      const require = createRequire(import.meta.url);
      const dts = readFileSync(require.resolve('twilio/lib/twiml/VoiceResponse.d.ts'), 'utf8');
      const accepted = new Set([.../type GatherLanguage = ([^;]+);/.exec(dts)![1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]));
      for (const language of Object.keys(CATALOGUES) as SpokenLanguage[]) {
        expect(DANGER_WORDS[language].length, language).to.be.greaterThan(1);
        expect(accepted.has(SPEECH_LANGUAGES[language]), `${language}: ${SPEECH_LANGUAGES[language]}`).to.equal(true);
      }
    });
  });

  describe('in the flow', () => {
    it('the language and purpose menus listen; in the language of the menu', () => {
      expect(startCall().instruction).to.include({ kind: 'menu', listen: 'it' });
      expect(press(startCall(), '5').instruction).to.include({ kind: 'menu', menu: 'purpose', listen: 'ar' });
      expect(press(startCall(), '0').instruction).to.include({ kind: 'menu', menu: 'purpose', listen: 'en' });
    });

    it('"pericolo" at the language menu queues the caller in Italian, first in line', () => {
      const t = speak(startCall(), 'sono in pericolo');
      expect(t.state).to.include({ step: 'queue', language: 'it', purpose: 'DANGER', danger: true });
      expect(t.instruction.say.map((u) => u.key)).to.deep.equal(['dangerNow', 'queued']);
    });

    it('"help me" at the language menu queues the caller in English', () => {
      expect(speak(startCall(), 'please help me').state).to.include({ step: 'queue', language: 'en', danger: true });
    });

    it('"خطر" at the Arabic purpose menu queues in Arabic with danger; the purpose is danger', () => {
      const t = speak(press(startCall(), '5'), 'خطر');
      expect(t.state).to.include({ step: 'queue', language: 'ar', purpose: 'DANGER', danger: true });
      expect(t.instruction.say.every((u) => u.language === 'ar')).to.equal(true);
    });

    it('other words count as an invalid key: the menu is said again, never a hang-up', () => {
      const t = speak(press(startCall(), '3'), 'bonjour je voudrais parler');
      expect(t.state).to.include({ step: 'purpose', attempts: 1, danger: false });
      expect(t.instruction.say[0]).to.deep.equal({ key: 'invalid', language: 'fr' });
    });

    it('after * (cannot talk freely) the menus only hear keys, and words change nothing', () => {
      const discreet = press(press(startCall(), '1'), '*');
      expect(discreet.instruction).to.not.have.property('listen');
      expect(speak(discreet, 'pericolo').state).to.include({ step: 'purpose', danger: false });
    });

    it('the call-back consent menu only hears keys', () => {
      const queued = press(press(startCall(), '2'), '1');
      const consent = toVoicemail(queued.state, { numberWithheld: false });
      expect(consent.instruction).to.include({ kind: 'menu', menu: 'consent' }).and.not.have.property('listen');
      expect(speak(consent, 'danger').state).to.include({ step: 'consent', attempts: 1 });
    });

    it('a blocked caller who says "pericolo" gets through, like one who presses 9', () => {
      const t = speak(startBlocked(), 'pericolo');
      expect(t.state).to.include({ step: 'queue', danger: true });
      expect(speak(startBlocked(), 'ciao').instruction.kind).to.equal('goodbye');
    });
  });

  describe('in the TwiML', () => {
    it('a listening menu gathers keys and speech in its language, with the danger words as hints, and says so', () => {
      const xml = new Twiml().render(press(startCall(), '5').instruction, urls);
      expect(xml).to.contain('input="dtmf speech"').and.contain('language="ar-MA"').and.contain('speechTimeout="auto"');
      expect(xml).to.contain(`hints="${DANGER_WORDS.ar.join(', ')}"`);
      expect(xml).to.contain(`>${CATALOGUES.ar.sayDanger}</Say></Gather>`);
    });

    it('with listening turned off by an admin, menus hear keys only and do not mention the word', () => {
      const t = new Twiml();
      t.configure({ texts: {}, listenForDanger: false });
      const xml = t.render(startCall().instruction, urls);
      expect(xml).to.contain('input="dtmf"').and.not.contain('speech').and.not.contain(CATALOGUES.it.sayDanger);
    });

    it('an admin-edited prompt is heard instead of the catalogue text; other languages keep theirs', () => {
      const t = new Twiml();
      const before = t.render(startCall().instruction, urls);
      t.configure({ texts: { it: { welcome: 'Benvenuta ad Approdo.' } }, listenForDanger: true });
      const after = t.render(startCall().instruction, urls);
      expect(before).to.contain(CATALOGUES.it.welcome);
      expect(after).to.contain('>Benvenuta ad Approdo.</Say>').and.contain(CATALOGUES.en.welcome);
      expect(after).to.not.contain(CATALOGUES.it.welcome);
    });
  });
});
