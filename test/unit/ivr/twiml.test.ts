import { expect } from 'chai';
import { answerMenu, startCall } from '../../../ivr/flow/flow.js';
import { CATALOGUES } from '../../../ivr/prompts/catalogue.js';
import { Twiml, leaveQueue } from '../../../ivr/twiml.js';

const urls = { menu: '/ivr/menu', hold: '/ivr/hold', holdKey: '/ivr/hold-key', queueExit: '/ivr/queue-exit', recorded: '/ivr/recorded' };

describe('TwiML for the IVR', () => {
  const t = new Twiml();
  const render = t.render.bind(t);
  it('a menu is a one-key Gather that reports silence back instead of falling through', () => {
    const xml = render(startCall().instruction, urls);
    expect(xml).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Gather /);
    expect(xml).to.contain('numDigits="1"').and.contain('actionOnEmptyResult="true"').and.contain('action="/ivr/menu"');
    expect(xml).to.contain(`<Say language="it-IT" voice="Polly.Bianca-Neural">${CATALOGUES.it.welcome}</Say>`);
    expect(xml).to.match(/<\/Gather><\/Response>$/);
  });

  it('queueing says the message in the chosen language, then enqueues with the hold loop', () => {
    const s1 = answerMenu(startCall().state, { kind: 'digits', digits: '3' });
    const xml = render(answerMenu(s1.state, { kind: 'digits', digits: '1' }).instruction, urls);
    expect(xml).to.contain('<Say language="fr-FR"');
    expect(xml).to.match(/<Enqueue [^>]*waitUrl="\/ivr\/hold"[^>]*>approdo<\/Enqueue>/);
    expect(xml).to.contain('action="/ivr/queue-exit"');
  });

  it('Arabic and Chinese text is escaped and kept intact', () => {
    const xml = t.hold([{ key: 'hold', language: 'ar' }, { key: 'hold', language: 'zh' }], '/ivr/hold-key');
    expect(xml).to.contain(CATALOGUES.ar.hold).and.contain(CATALOGUES.zh.hold).and.contain('<Pause length="20"/>');
  });

  it('the caller joins the conference and ends it when leaving', () => {
    const xml = t.callerToConference('en', 'approdo-x');
    expect(xml).to.match(/<Dial><Conference [^>]*endConferenceOnExit="true"[^>]*>approdo-x<\/Conference><\/Dial>/);
  });

  it('the degraded answer apologises in Italian and English and dials the on-call number', () => {
    const xml = t.degraded('+390612345678');
    expect(xml).to.contain(CATALOGUES.it.apology).and.contain(CATALOGUES.en.apology);
    expect(xml).to.match(/<Dial timeout="30">\+390612345678<\/Dial>/);
  });

  it('leaving the hold loop uses Leave, the only way out allowed there', () => {
    expect(leaveQueue()).to.contain('<Leave/>');
  });
});
