import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CATALOGUES } from '../../../ivr/prompts/catalogue.js';
import { scanRecordings } from '../../../ivr/prompts/recordings.js';
import { Twiml } from '../../../ivr/twiml.js';

describe('recorded prompts (Albanian, which Twilio cannot speak)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'approdo-audio-'));
  mkdirSync(join(dir, 'sq'));
  writeFileSync(join(dir, 'sq', 'queued.mp3'), 'ID3');
  writeFileSync(join(dir, 'sq', 'notAPrompt.mp3'), 'ID3');
  const recordings = scanRecordings(dir, ['sq'], 'https://helpline.example.org/prompts');

  it('finds the files named after prompt keys, and nothing else', () => {
    expect(recordings.urlOf('sq', 'queued')).to.equal('https://helpline.example.org/prompts/sq/queued.mp3');
    expect(recordings.urlOf('sq', 'hold')).to.equal(null);
    expect(recordings.urlOf('it', 'queued')).to.equal(null);
  });

  it('a recorded prompt is played; a missing one is spoken instead', () => {
    const xml = new Twiml(recordings).hold([{ key: 'queued', language: 'sq' }, { key: 'hold', language: 'sq' }], '/ivr/hold-key');
    expect(xml).to.contain('<Play>https://helpline.example.org/prompts/sq/queued.mp3</Play>');
    expect(xml).to.contain(`>${CATALOGUES.sq.hold}</Say>`);
    expect(xml).to.not.contain(CATALOGUES.sq.queued);
  });

  it('a prompt with a value in it (the queue position) is always spoken', () => {
    writeFileSync(join(dir, 'sq', 'position.mp3'), 'ID3');
    const xml = new Twiml(scanRecordings(dir, ['sq'], 'https://x/prompts')).hold([{ key: 'position', language: 'sq', vars: { position: 2 } }], '/ivr/hold-key');
    expect(xml).to.contain('Jeni numri 2 në radhë.').and.not.contain('<Play>');
  });

  it('an edited text replaces the recording of the old words', () => {
    const twiml = new Twiml(recordings);
    twiml.configure({ texts: { sq: { queued: 'Faleminderit, prisni.' } }, listenForDanger: true });
    const xml = twiml.hold([{ key: 'queued', language: 'sq' }], '/ivr/hold-key');
    expect(xml).to.contain('>Faleminderit, prisni.</Say>').and.not.contain('<Play>');
  });
});
