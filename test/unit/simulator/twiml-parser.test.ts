import { expect } from 'chai';
import twilio from 'twilio';
import { TwimlParseError, parseTwiml } from '../../../ivr/simulator/twiml.parser.js';

describe('simulator: reading TwiML', () => {
  it('reads what twilio VoiceResponse writes: verbs, nesting, attributes', () => {
    const r = new twilio.twiml.VoiceResponse();
    const g = r.gather({ numDigits: 1, finishOnKey: '', action: '/ivr/lang?x=1&y=2', input: ['dtmf', 'speech'] });
    g.say({ language: 'it-IT', voice: 'Polly.Bianca' }, 'Premi 1 per l\'italiano & altro <subito>');
    r.dial({ timeout: 20 }).conference({ endConferenceOnExit: true }, 'room-1');
    const root = parseTwiml(r.toString());
    expect(root.name).to.equal('Response');
    const [gather, dial] = root.children;
    expect(gather.attrs).to.deep.equal({ numDigits: '1', finishOnKey: '', action: '/ivr/lang?x=1&y=2', input: 'dtmf speech' });
    expect(gather.children[0].text).to.equal("Premi 1 per l'italiano & altro <subito>");
    expect(dial.children[0]).to.include({ name: 'Conference', text: 'room-1' });
  });

  it('skips the declaration and comments, keeps CDATA and character references', () => {
    const root = parseTwiml('\ufeff<?xml version="1.0"?>\n<!-- hi --><Response><Say><![CDATA[a < b]]> &#233;&#x4E2D;</Say><Hangup/></Response>');
    expect(root.children.map((n) => n.name)).to.deep.equal(['Say', 'Hangup']);
    expect(root.children[0].text).to.equal('a < b é中');
  });

  it('reads SSML inside Say as text', () => {
    const root = parseTwiml('<Response><Say>Hello<break time="1s"/>world, <emphasis>now</emphasis>!</Say></Response>');
    expect(root.children[0].deepText).to.equal('Hello world, now!');
  });

  it('an empty response has no verbs', () => {
    expect(parseTwiml('<?xml version="1.0" encoding="UTF-8"?><Response/>').children).to.deep.equal([]);
  });

  for (const [what, xml] of [
    ['a root other than Response', '<response><Say>x</Say></response>'],
    ['an unclosed element', '<Response><Say>x</Response>'],
    ['a DOCTYPE', '<!DOCTYPE r [<!ENTITY a "b">]><Response/>'],
    ['text outside the root', 'hello <Response/>'],
    ['a stray ampersand', '<Response><Say>a & b</Say></Response>'],
    ['two roots', '<Response/><Response/>'],
    ['an empty body', ''],
    ['HTML', '<html><body>error</body></html>'],
  ] as const) {
    it(`refuses ${what}`, () => {
      expect(() => parseTwiml(xml)).to.throw(TwimlParseError);
    });
  }
});
