import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { CATALOGUES } from '../../ivr/prompts/catalogue.js';
import { VOICES } from '../../ivr/prompts/voices.js';
import type { SimEvent } from '../../ivr/simulator/index.js';
import { QUEUE_NAME } from '../../ivr/twiml.js';
import { explain, HttpError, runScriptedCall, Softphone } from '../../scripts/call.js';
import { hideNumbers, menuKeys, parseCallArgs, reached, SseReader, Transcript, type CallOptions } from '../../scripts/call.lib.js';
import { Contact } from '../../server/calls/contact.entity.js';
import type { Offer } from '../../server/contracts/realtime.js';
import { useTestApp } from '../support/app.js';
import { DEMO_PASSWORD } from '../support/env.js';
import { eventually, next } from '../support/http.js';
import { twiml, useHarness } from '../unit/simulator/harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run { code: number | null; stdout: string; stderr: string; lines: string[] }

/** `npm run call -- …` as support staff run it: a child process, its output and exit code. */
function call(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/call.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DEMO_PASSWORD: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, lines: stdout.split('\n').filter(Boolean) }));
  });
}

/** Each expected line appears, in this order (other lines may come between). */
function expectInOrder(lines: string[], expected: string[]): void {
  let from = 0;
  for (const line of expected) {
    const at = lines.indexOf(line, from);
    expect(at, `"${line}" after line ${from} in:\n${lines.join('\n')}`).to.be.at.least(0);
    from = at + 1;
  }
}

const heard = (language: keyof typeof VOICES, key: keyof typeof CATALOGUES.it) => `[${VOICES[language].language}] ${CATALOGUES[language][key]}`;
const PHONE_NUMBER = /\+\d{6,}/;

describe('npm run call: the options', () => {
  const parse = (...argv: string[]) => parseCallArgs(argv, { DEMO_PASSWORD: 'from-the-environment' });

  it('defaults to operator1 on localhost:3000 with the password from DEMO_PASSWORD, waiting 30 s', () => {
    expect(parse()).to.deep.equal({
      kind: 'call',
      options: { url: 'http://localhost:3000', user: 'operator1', password: 'from-the-environment', language: null, press: '', say: null, waitSeconds: 30, json: false },
    });
  });

  it('--say keeps the words exactly as written', () => {
    const options = (parse('--press', '1', '--say', ' Aiuto, sono in pericolo! ') as { options: CallOptions }).options;
    expect(options).to.include({ press: '1', say: ' Aiuto, sono in pericolo! ' });
  });

  it('--lang presses that language at the language menu, then --press one key per menu', () => {
    const options = (parse('--lang', 'ar', '--press', '*1') as { options: CallOptions }).options;
    expect(menuKeys(options)).to.deep.equal(['5', '*', '1']);
    expect(menuKeys({ language: 'other', press: '' })).to.deep.equal(['0']);
    expect(menuKeys({ language: null, press: '21' })).to.deep.equal(['2', '1']);
  });

  for (const [what, argv, message] of [
    ['a language the menu does not offer', ['--lang', 'de'], /--lang "de" is not one of it, en/],
    ['keys a phone does not have', ['--press', '1a'], /--press takes only the keys/],
    ['a negative wait', ['--wait=-1'], /--wait takes seconds/],
    ['a wait that is not a number', ['--wait', 'soon'], /--wait takes seconds/],
    ['a URL without a scheme', ['--url', 'localhost'], /--url/],
    ['an option it does not know', ['--frobnicate'], /Unknown option '--frobnicate'/],
    ['a stray word', ['extra'], /positional/],
    ['blank words to say', ['--say', '  '], /--say takes words, up to 500 characters/],
  ] as const) {
    it(`refuses ${what} (${argv.join(' ')})`, () => {
      const parsed = parse(...argv);
      expect(parsed.kind).to.equal('invalid');
      expect((parsed as { message: string }).message).to.match(message);
    });
  }

  it('refuses more words than the softphone takes (--say with 501 characters)', () => {
    expect(parse('--say', 'x'.repeat(500))).to.have.nested.property('options.say').with.length(500);
    expect(parse('--say', 'x'.repeat(501))).to.deep.equal({ kind: 'invalid', message: '--say takes words, up to 500 characters' });
  });

  it('refuses to run without a password', () => {
    expect(parseCallArgs([], {})).to.deep.equal({ kind: 'invalid', message: '--password is required (or set DEMO_PASSWORD)' });
  });

  it('says in words why a call could not be made', () => {
    const where = { url: 'http://localhost:3000', user: 'coordinator1' };
    expect(explain(new HttpError(403, 'forbidden', 'x'), where)).to.equal('coordinator1 may not use the softphone (operators, supervisors and admins may).');
    expect(explain(new HttpError(404, 'not_found', 'x'), where)).to.contain('simulator mode');
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(explain(refused, where)).to.equal('Cannot reach http://localhost:3000 (ECONNREFUSED): is Approdo running (npm start)?');
  });
});

describe('npm run call: what the caller hears, as text', () => {
  const SID = 'CA' + '1'.repeat(32);
  const at = '2026-01-01T00:00:00.000Z';
  const lines = (events: Array<Record<string, unknown>>) => {
    const transcript = new Transcript(SID);
    return events.map((e, seq) => transcript.line({ ...e, seq, at } as SimEvent));
  };

  it('reads prompts with their language, recorded prompts by name, pauses, menus and keys', () => {
    expect(lines([
      { kind: 'say', text: 'Benvenuto', language: 'it-IT', voice: 'Polly.Bianca-Neural' },
      { kind: 'play', url: 'http://localhost:3000/ivr/audio/sq/welcome.mp3' },
      { kind: 'gather', numDigits: 1, timeout: 8, finishOnKey: '', action: '/ivr/menu', input: ['dtmf'] },
      { kind: 'digits', digits: '2' },
      { kind: 'pause', length: 20 },
      { kind: 'request', url: 'http://x/ivr/menu', method: 'POST', purpose: 'action' },
    ])).to.deep.equal(['[it-IT] Benvenuto', '(recording sq/welcome.mp3)', '(menu: waiting 8 s for a key)', '(pressed 2)', '(pause 20 s)', null]);
  });

  it('tells a menu that also listens for words, and reads back what the caller said', () => {
    expect(lines([
      { kind: 'gather', numDigits: null, timeout: 5, finishOnKey: '#', action: '/ivr/menu', input: ['dtmf', 'speech'] },
      { kind: 'spoke', text: 'call me on +393331234567' },
    ])).to.deep.equal(['(menu: waiting 5 s for a key or words)', '(said "call me on (number hidden)")']);
  });

  it('says "connected" once when the operator joins the conference, and how the call ended', () => {
    const room = 'approdo-0b8c';
    expect(lines([
      { kind: 'dial', noun: 'conference', target: room },
      { kind: 'conference', name: room, state: 'joined', participants: ['CAop', SID], callSid: SID },
      { kind: 'conference', name: room, state: 'started', participants: ['CAop', SID] },
      { kind: 'hangup', by: 'caller' },
      { kind: 'status', status: 'completed' },
    ])).to.deep.equal([null, `(connected: conference ${room})`, null, '(you hung up)', '(call ended: completed)']);
  });

  it('never prints a phone number, not even the on-call number the helpline dials', () => {
    expect(lines([
      { kind: 'dial', noun: 'number', target: '+390612345678' },
      { kind: 'error', code: 13214, message: 'cannot call +390612345678' },
    ])).to.deep.equal(['(dialling a phone number)', '(error 13214: cannot call (number hidden))']);
    expect(hideNumbers('call 112 or +39 06 …')).to.equal('call 112 or +39 06 …');
  });

  it('a call got through once it was queued, or bridged to an operator', () => {
    const e = (body: Record<string, unknown>) => ({ ...body, seq: 0, at }) as SimEvent;
    expect(reached([e({ kind: 'say', text: 'x', language: 'it-IT', voice: 'v' })])).to.equal(null);
    expect(reached([e({ kind: 'enqueue', queue: 'approdo' })])).to.equal('queue');
    expect(reached([e({ kind: 'conference', name: 'r', state: 'joined', participants: ['a'], callSid: 'a' })])).to.equal(null);
    expect(reached([e({ kind: 'conference', name: 'r', state: 'started', participants: ['a', 'b'] })])).to.equal('operator');
  });

  it('reads server-sent events split anywhere across chunks, skipping heartbeats', () => {
    const sse = new SseReader();
    expect(sse.push(': ping\n\nevent: call\ndata: {"a"')).to.deep.equal([]);
    expect(sse.push(':1}\n\nevent: call\r\ndata: 2\r\n\r\n')).to.deep.equal([
      { event: 'call', data: '{"a":1}' },
      { event: 'call', data: '2' },
    ]);
  });
});

describe('npm run call: --say, against the simulator alone', () => {
  // The softphone API without a server around it: no sign-in, the simulator's own router.
  const harness = useHarness({ phonePath: '/sim/phone' });
  const options = (over: Partial<CallOptions>): CallOptions =>
    ({ url: '', user: 'operator1', password: 'unused', language: null, press: '', say: null, waitSeconds: 0.3, json: false, ...over });
  const capture = () => {
    const out = { lines: [] as string[], warnings: [] as string[] };
    return { out, sink: { line: (text: string) => out.lines.push(text), warn: (text: string) => out.warnings.push(text) } };
  };

  it('presses the keys first, then says the words at the next menu that listens for speech', async function () {
    this.timeout(10_000);
    const h = harness();
    h.on('/ivr/voice', twiml((r) => r.gather({ numDigits: 1, action: '/ivr/menu' }).say('For English press 2')));
    h.on('/ivr/menu', twiml((r) => r.gather({ input: ['dtmf', 'speech'], action: '/ivr/said' }).say('Press 1 or tell us what happened')));
    h.on('/ivr/said', twiml((r) => {
      r.say('We heard you');
      r.pause({ length: 600 });
    }));
    const { out, sink } = capture();
    const result = await runScriptedCall(new Softphone(h.baseUrl), options({ press: '2', say: 'I am in danger' }), sink);
    expect(h.hitsTo('/ivr/menu')[0].params).to.include({ Digits: '2' });
    expect(h.hitsTo('/ivr/said')[0].params).to.include({ SpeechResult: 'I am in danger', Confidence: '0.9' });
    expectInOrder(out.lines, [
      '(menu: waiting 5 s for a key)',
      '(pressed 2)',
      '(menu: waiting 5 s for a key or words)',
      '(said "I am in danger")',
      '[en-US] We heard you',
      '(you hung up)',
    ]);
    expect(out.warnings).to.deep.equal([]);
    expect(result.status).to.equal('completed');
  });

  it('keeps the words when no menu listens for speech, and says so', async function () {
    this.timeout(10_000);
    const h = harness();
    h.on('/ivr/voice', twiml((r) => {
      r.gather({ numDigits: 1, timeout: 1, action: '/ivr/menu' }).say('Press a key');
      r.say('Goodbye');
    }));
    const { out, sink } = capture();
    await runScriptedCall(new Softphone(h.baseUrl), options({ say: 'help' }), sink);
    expect(out.lines.some((line) => line.startsWith('(said'))).to.equal(false);
    expect(out.warnings).to.deep.equal(['Not said, for want of a menu that listens for speech: "help".']);
  });
});

describe('npm run call against a running helpline', () => {
  const app = useTestApp();

  it('choosing Arabic: the greeting in Italian and English, the Arabic menu, then the queue (exit 0)', async function () {
    this.timeout(30_000);
    const run = await call(['--url', app.url, '--lang', 'ar', '--press', '1', '--wait', '0.5'], { DEMO_PASSWORD });
    expect(run.code, run.stderr).to.equal(0);
    expectInOrder(run.lines, [
      heard('it', 'welcome'),
      heard('en', 'welcome'),
      heard('ar', 'languageOption'),
      '(pressed 5)',
      heard('ar', 'purposeMenu'),
      '(pressed 1)',
      heard('ar', 'queued'),
      `(waiting in queue ${QUEUE_NAME}, position 1)`,
      '(you hung up)',
      '(call ended: completed)',
    ]);
    expect(run.lines.at(-1)).to.equal('(call ended: completed)');
    expect(run.stdout).to.not.match(PHONE_NUMBER);
    // The server saw the same call: an Arabic speaker asking help for themselves, who hung up while waiting.
    const contact = await eventually(async () => {
      const [c] = await app.running.db.getRepository(Contact).find();
      return c?.status === 'abandoned' ? c : null;
    }, 5000, 'the contact to be closed');
    expect(contact).to.include({ language: 'ar', purpose: 'SELF' });
  });

  it('an operator who accepts: the caller hears "connecting" and is put through (exit 0)', async function () {
    this.timeout(30_000);
    const socket = await (await app.as('operator2')).socket();
    expect(await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
    const offered = next<Offer>(socket, 'offer', 15_000);
    const running = call(['--url', app.url, '--password', DEMO_PASSWORD, '--lang', 'en', '--press', '2', '--wait', '4']);
    const offer = await offered;
    expect(offer).to.include({ language: 'en' });
    expect(await socket.timeout(3000).emitWithAck('offer:accept', { contactId: offer.contactId })).to.deep.equal({ ok: true });
    const run = await running;
    socket.close();
    expect(run.code, run.stderr).to.equal(0);
    expectInOrder(run.lines, [
      heard('en', 'purposeMenu'),
      '(pressed 2)',
      heard('en', 'queued'),
      // Accepted at once, the caller may be moved before the queue even starts: no queue line to expect.
      heard('en', 'connecting'),
      `(connected: conference approdo-${offer.contactId})`,
      '(you hung up)',
      '(call ended: completed)',
    ]);
    expect(run.stdout).to.not.match(PHONE_NUMBER);
  });

  it('a caller who hangs up during the greeting did not get through (exit 1); --json prints raw events', async function () {
    this.timeout(30_000);
    const run = await call(['--url', app.url, '--password', DEMO_PASSWORD, '--wait', '0', '--json']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain('did not reach the queue or an operator');
    const events = run.lines.map((line) => JSON.parse(line) as SimEvent);
    expect(events.map((e) => e.seq)).to.deep.equal(events.map((_e, i) => i));
    expect(events.find((e) => e.kind === 'hangup')).to.include({ by: 'caller' });
    expect(events.at(-1)).to.include({ kind: 'status', status: 'completed' });
    expect(events.some((e) => e.kind === 'enqueue')).to.equal(false);
  });

  it('a wrong password is refused in words (exit 1), and places no call', async function () {
    this.timeout(30_000);
    const before = app.running.simulator!.calls().length;
    const run = await call(['--url', app.url, '--password', 'not the password']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain('Signing in as operator1 failed: wrong username or password.');
    expect(app.running.simulator!.calls().length).to.equal(before);
  });

  it('bad options: exit 2 with the usage, and no call', async function () {
    this.timeout(30_000);
    const before = app.running.simulator!.calls().length;
    const run = await call(['--url', app.url, '--lang', 'klingon'], { DEMO_PASSWORD });
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain('--lang "klingon" is not one of').and.contain('Usage: npm run call -- [options]');
    expect(run.stdout).to.equal('');
    expect(app.running.simulator!.calls().length).to.equal(before);
  });
});
