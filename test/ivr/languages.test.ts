import { expect } from 'chai';
import type { SimCall, SimEvent } from '../../ivr/simulator/simulator.js';
import { LANGUAGE_KEYS, voiceOf } from '../../ivr/flow/flow.js';
import { CATALOGUES, type SpokenLanguage } from '../../ivr/prompts/catalogue.js';
import { VOICES } from '../../ivr/prompts/voices.js';
import { useTestApp } from '../support/app.js';
import { eventually } from '../support/http.js';

const says = (call: SimCall) => call.events.filter((e): e is Extract<SimEvent, { kind: 'say' }> => e.kind === 'say');
const gathers = (call: SimCall) => call.events.filter((e) => e.kind === 'gather').length;

describe('every language of the menu, through the simulator', () => {
  const app = useTestApp();

  for (const [key, language] of Object.entries(LANGUAGE_KEYS)) {
    const spoken = voiceOf(language) as SpokenLanguage;
    it(`key ${key}: the next prompts are in ${language === 'other' ? 'English (interpreter line)' : language}, with its voice`, async function () {
      this.timeout(15_000);
      const call = await app.running.simulator!.placeCall();
      await eventually(() => gathers(call) >= 1, 5000, 'language menu');
      const before = says(call).length;
      call.press(key);
      await eventually(() => gathers(call) >= 2, 5000, 'purpose menu');
      const menu = says(call).slice(before);
      // The menu, then (the menus listen for it) the word to say in danger, in the same language.
      expect(menu.map((e) => e.text)).to.deep.equal([CATALOGUES[spoken].purposeMenu, CATALOGUES[spoken].sayDanger]);
      expect(menu[0]).to.include({ language: VOICES[spoken].language, voice: VOICES[spoken].voice });
      call.press('1');
      await call.waitFor((e) => e.kind === 'enqueue');
      expect(says(call).map((e) => e.text)).to.include(CATALOGUES[spoken].queued);
      call.hangup();
    });
  }
});
