import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { SimEvent } from '../../ivr/simulator/simulator.js';
import { CATALOGUES } from '../../ivr/prompts/catalogue.js';
import { useTestApp } from '../support/app.js';
import { eventually } from '../support/http.js';

describe('an Albanian caller hears the recorded prompts, and speech where one is missing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'approdo-prompts-'));
  mkdirSync(join(dir, 'sq'));
  writeFileSync(join(dir, 'sq', 'purposeMenu.mp3'), Buffer.from('ID3fake-mp3'));
  writeFileSync(join(dir, 'secret.txt'), 'not for Twilio');
  const app = useTestApp({ PROMPT_AUDIO_DIR: dir, PROMPT_RECORDED_LANGUAGES: 'sq' });

  it('key 6: the purpose menu is played from the recording; the queue message is spoken', async function () {
    this.timeout(15_000);
    const call = await app.running.simulator!.placeCall();
    await eventually(() => call.events.filter((e) => e.kind === 'gather').length >= 1);
    call.press('6');
    const played = await call.waitFor((e): e is Extract<SimEvent, { kind: 'play' }> => e.kind === 'play', 5000);
    expect(played.url).to.equal(`${app.url}/prompts/sq/purposeMenu.mp3`);
    await eventually(() => call.events.filter((e) => e.kind === 'gather').length >= 2);
    call.press('1');
    await call.waitFor((e) => e.kind === 'enqueue');
    expect(call.events.some((e) => e.kind === 'say' && e.text === CATALOGUES.sq.queued)).to.equal(true);
    call.hangup();
  });

  it('the recording is served to Twilio; nothing else in the folder is', async () => {
    const ok = await fetch(`${app.url}/prompts/sq/purposeMenu.mp3`);
    expect(ok.status).to.equal(200);
    expect(ok.headers.get('content-type')).to.equal('audio/mpeg');
    for (const path of ['/prompts/secret.txt', '/prompts/sq/missing.mp3', '/prompts/sq/..%2f..%2fpackage.json']) {
      expect((await fetch(app.url + path)).status, path).to.equal(404);
    }
  });
});
