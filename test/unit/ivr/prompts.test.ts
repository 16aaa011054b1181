import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { CATALOGUES, type PromptKey } from '../../../ivr/prompts/catalogue.js';
import { en } from '../../../ivr/prompts/en.js';
import { VOICES } from '../../../ivr/prompts/voices.js';

const KEYS = Object.keys(en) as PromptKey[];
const twilioTypes = readFileSync(createRequire(import.meta.url).resolve('twilio/lib/twiml/VoiceResponse.d.ts'), 'utf8');
const union = (name: string) => new Set([...(twilioTypes.match(new RegExp(`type ${name} = ([^;]+);`))?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]));

describe('the prompt catalogues', () => {
  for (const [language, catalogue] of Object.entries(CATALOGUES)) {
    it(`${language} has every prompt, none empty`, () => {
      expect(Object.keys(catalogue).sort()).to.deep.equal([...KEYS].sort());
      for (const key of KEYS) expect(catalogue[key].trim(), `${language}.${key}`).to.not.equal('');
    });
  }

  it('each language option names its own key in the menu order', () => {
    const expected: Record<string, string> = { it: '1', en: '2', fr: '3', ro: '4', ar: '5', sq: '6', es: '7', ru: '8', zh: '9' };
    for (const [language, key] of Object.entries(expected)) {
      expect(CATALOGUES[language as keyof typeof CATALOGUES].languageOption, language).to.contain(key);
    }
  });

  it('every purpose menu offers 1, 2, 3 and 9', () => {
    for (const [language, c] of Object.entries(CATALOGUES)) {
      for (const key of ['1', '2', '3', '9', '112']) {
        if (key === '112') expect(c.danger112, language).to.contain('112');
        else expect(c.purposeMenu, language).to.contain(key);
      }
    }
  });

  it("uses only voices and languages that twilio's Say accepts", () => {
    const voices = union('SayVoice');
    const languages = union('SayLanguage');
    expect(voices.size).to.be.greaterThan(100);
    for (const [language, v] of Object.entries(VOICES)) {
      expect(voices.has(v.voice), `${language} voice ${v.voice}`).to.equal(true);
      expect(languages.has(v.language), `${language} language ${v.language}`).to.equal(true);
    }
  });
});
