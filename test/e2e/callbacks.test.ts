import { resolve } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { SimCall, SimEvent } from '../../ivr/simulator/simulator.js';
import { CATALOGUES } from '../../ivr/prompts/catalogue.js';
import { Contact } from '../../server/calls/contact.entity.js';
import { DataProtection } from '../../server/privacy/crypto.js';
import { User } from '../../server/users/user.entity.js';
import { useTestApp } from '../support/app.js';
import { eventually } from '../support/http.js';
import { contactRow } from '../support/seed.js';
import { useChromium } from './browser.js';
import { pageErrors, recordApiBodies, shot, signIn } from './pages.js';

const CALLER = '+393471234567';
/** The number a message left for a call-back, rung when an operator calls back. */
const PERSON = '+393331112233';
const said = (call: SimCall) => call.events.filter((e): e is Extract<SimEvent, { kind: 'say' }> => e.kind === 'say').map((e) => e.text);
const times = (call: SimCall, text: string) => said(call).filter((s) => s === text).length;
const gathers = (call: SimCall) => call.events.filter((e) => e.kind === 'gather').length;

describe('the console in Chromium: call-back requests and repeat callers', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' }, { consoleDir: resolve('dist/console') });
  const chromium = useChromium();
  
  /** Calls in English for help for oneself, and waits until the call holds in the queue. */
  async function holding(): Promise<SimCall> {
    const call = await app.running.simulator!.placeCall({ from: CALLER });
    await eventually(() => gathers(call) >= 1, 5000, 'language menu');
    call.press('2');
    await eventually(() => gathers(call) >= 2, 5000, 'purpose menu');
    call.press('1');
    await call.waitFor((e) => e.kind === 'enqueue');
    return call;
  }

  /** From the hold loop: in danger now (9), then a message (1) with consent to a call-back (1). */
  async function leaveMessageInDanger(call: SimCall): Promise<void> {
    const { holdOptions, dangerNoted, callbackConsent, callbackSaved } = CATALOGUES.en;
    await eventually(() => times(call, holdOptions) >= 1, 5000, 'hold options');
    call.press('9');
    await eventually(() => said(call).includes(dangerNoted), 5000, 'danger noted');
    const before = times(call, holdOptions);
    await eventually(() => times(call, holdOptions) > before, 5000, 'hold options again');
    call.press('1');
    await eventually(() => said(call).includes(callbackConsent), 5000, 'the consent question');
    call.press('1');
    await call.waitFor((e) => e.kind === 'record', 5000);
    call.press('#');
    await eventually(() => said(call).includes(callbackSaved), 5000, 'the thanks');
    await call.ended();
  }

  it('a message left with consent appears live for the supervisor and for an operator who speaks the language, never with the number', async function () {
    this.timeout(60_000);
    const supervisor = await (await chromium.browser.newContext()).newPage();
    const supervisorErrors = pageErrors(supervisor);
    await signIn(supervisor, app.url, 'supervisor');
    const supervisorList = supervisor.getByTestId('callback-list');
    await supervisorList.getByRole('heading', { name: 'Call-back requests' }).waitFor();
    await supervisorList.getByText('No call-back requests.').waitFor({ timeout: 5000 });

    // The same number called once before and hung up while holding.
    const first = await holding();
    first.hangup();
    await first.ended();
    const call = await holding();
    await leaveMessageInDanger(call);
    const contact = await eventually(async () => {
      const c = await app.running.db.getRepository(Contact).findOneByOrFail({ callSid: call.sid });
      return c.status === 'message' && c.callbackCipher ? c : null;
    }, 5000, 'the message with a call-back number');

    // The supervisor's console refreshes by itself (contact:changed).
    const supervisorRow = supervisorList.locator(`[data-testid="callback-row"][data-contact-id="${contact.id}"]`);
    await supervisorRow.waitFor({ timeout: 10_000 });

    const operator = await (await chromium.browser.newContext()).newPage();
    const operatorErrors = pageErrors(operator);
    const bodies = recordApiBodies(operator);
    await signIn(operator, app.url, 'operator2');
    const list = operator.getByTestId('callback-list');
    const row = list.getByTestId('callback-row');
    await row.first().waitFor({ timeout: 5000 });
    expect(await row.count()).to.equal(1);
    expect(await row.getAttribute('data-contact-id')).to.equal(contact.id);
    const text = await row.innerText();
    expect(text).to.contain('English');
    expect(text).to.contain('IN DANGER NOW');
    expect(text).to.match(/Left (now|\d+ sec ago)/);
    expect(text).to.contain('Expires in 6 days');
    expect(text).to.match(/Message (\d+:\d{2}|length unknown)/);
    expect(await row.getByRole('link').getAttribute('href')).to.equal(`/contacts/${contact.id}`);
    await shot(operator, 'callbacks-1-operator');

    // The number is nowhere: not on the page, not in any answer the browser received.
    const digits = CALLER.slice(3);
    expect(await operator.content()).to.not.contain(digits);
    expect(bodies.length).to.be.greaterThan(0);
    for (const body of bodies) expect(body).to.not.contain(digits);

    // An operator who does not speak English sees none.
    const other = await (await chromium.browser.newContext()).newPage();
    await signIn(other, app.url, 'operator3');
    await other.getByTestId('callback-list').getByText('No call-back requests.').waitFor({ timeout: 5000 });

    // The supervisor opens the request: a repeat caller, and the message left.
    await supervisorRow.getByRole('link').click();
    await supervisor.getByTestId('contact-status').getByText('Message left').waitFor({ timeout: 5000 });
    expect(await supervisor.getByTestId('earlier-contacts').innerText()).to.match(/^Called once before, last on \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/);
    await shot(supervisor, 'callbacks-2-contact');
    expect(supervisorErrors).to.deep.equal([]);
    expect(operatorErrors).to.deep.equal([]);
  });

  it('an operator taking a call from a number that called before sees so in the live call panel', async function () {
    this.timeout(60_000);
    const first = await holding();
    first.hangup();
    await first.ended();

    const operator = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(operator);
    await signIn(operator, app.url, 'operator1');
    await operator.getByRole('button', { name: 'Available' }).click();
    await operator.locator('[data-testid="my-state"][data-state="available"]').waitFor({ timeout: 5000 });
    const call = await holding();
    const offer = operator.getByTestId('offer');
    await offer.waitFor({ timeout: 10_000 });
    await offer.getByRole('button', { name: 'Accept' }).click();
    const live = operator.getByTestId('live-call');
    await live.getByTestId('earlier-contacts').waitFor({ timeout: 10_000 });
    expect(await live.getByTestId('earlier-contacts').innerText()).to.match(/^Called once before, last on /);
    await shot(operator, 'callbacks-3-live-repeat');
    call.hangup();
    await operator.getByTestId('call-ended').waitFor({ timeout: 10_000 });
    expect(errors).to.deep.equal([]);
  });

  /** A message left in English by someone who cannot talk freely, with consent to be called back on PERSON. */
  const message = () => contactRow(app.running.db, {
    status: 'message', language: 'en', answeredAt: null, answeredById: null, cannotTalkFreely: true,
    messageAt: new Date(), messageSeconds: 12, messageUrl: 'https://api.twilio.com/recording',
    callbackCipher: new DataProtection(app.running.config.dataKey).encrypt(PERSON), callbackExpiresAt: new Date(Date.now() + 3600_000),
  });
  const rowOf = (page: Page, contactId: string) => page.locator(`[data-testid="callback-row"][data-contact-id="${contactId}"]`);

  it('an operator calls back a request: the call opens with its warning, the request leaves the list, and the hang-up leads to wrap-up', async function () {
    this.timeout(60_000);
    app.running.simulator!.setEndpointBehaviour(PERSON, 'answer');
    const msg = await message();
    const operator = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(operator);
    const bodies = recordApiBodies(operator);
    await signIn(operator, app.url, 'operator1');
    const row = rowOf(operator, msg.id);
    await row.waitFor({ timeout: 5000 });
    expect(await operator.getByTestId('live-call').count()).to.equal(0);

    // Both phones answer at once in the simulator: keep every status line the row shows, however brief.
    await operator.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { statusSeen: string[] }).statusSeen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid="callback-status"]')) if (el.textContent) seen.push(el.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await row.getByRole('button', { name: 'Call back' }).click();

    const live = operator.locator('[data-testid="live-call"][data-phase="live"]');
    await live.waitFor({ timeout: 10_000 });
    expect(await live.getByTestId('call-title').innerText()).to.equal('Live call-back');
    await live.getByTestId('cannot-talk-freely').waitFor({ timeout: 5000 });
    expect(await live.getByTestId('cannot-talk-freely').innerText()).to.contain('cannot talk freely');
    await live.getByRole('form', { name: 'Contact record' }).waitFor({ timeout: 5000 });
    const seen = await operator.evaluate(() => (window as unknown as { statusSeen: string[] }).statusSeen);
    expect(seen).to.include('Calling: your phone rings first, then the person’s');
    // The number is deleted once the person answers: the request leaves the list.
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    await operator.getByTestId('callback-list').getByTestId('callback-empty').waitFor({ timeout: 5000 });
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: msg.id })).callbackCipher).to.equal(null);
    await shot(operator, 'callbacks-4-called-back');

    // A reload forgets who started the call-back; the contact still says it is one.
    await operator.reload();
    await live.getByTestId('call-title').getByText('Live call-back', { exact: true }).waitFor({ timeout: 10_000 });

    // The person hangs up: the call ends on the console and the operator wraps up.
    const leg = await eventually(() => app.running.simulator!.calls().find((c) => c.to === PERSON && c.status === 'in-progress') ?? null, 5000, 'the person\'s leg');
    leg.hangup();
    const ended = operator.locator('[data-testid="live-call"][data-phase="ended"]');
    await ended.waitFor({ timeout: 10_000 });
    expect(await ended.getByTestId('call-title').innerText()).to.equal('Call-back ended');
    expect(await ended.getByTestId('call-ended').innerText()).to.match(/\d+:\d{2}/);
    await operator.locator('[data-testid="my-state"][data-state="wrap_up"]').waitFor({ timeout: 10_000 });
    await operator.getByTestId('wrap-up').waitFor({ timeout: 5000 });

    const digits = PERSON.slice(3);
    expect(await operator.content()).to.not.contain(digits);
    for (const body of bodies) expect(body).to.not.contain(digits);
    expect(errors).to.deep.equal([]);
  });

  it('nobody answers a call-back: the row says so and the request stays in the list', async function () {
    this.timeout(60_000);
    app.running.simulator!.setEndpointBehaviour(PERSON, 'no-answer');
    const msg = await message();
    const operator = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(operator);
    await signIn(operator, app.url, 'operator2');
    const row = rowOf(operator, msg.id);
    await row.waitFor({ timeout: 5000 });
    const button = row.getByRole('button', { name: 'Call back' });
    await button.click();

    // The person's phone rings for a while (30 s, scaled): long enough to read the status line.
    const status = row.getByTestId('callback-status');
    await status.getByText('Calling: your phone rings first, then the person’s').waitFor({ timeout: 5000 });
    expect(await button.getAttribute('aria-disabled')).to.equal('true');
    await operator.locator('[data-testid="connecting"][data-callback="true"]').waitFor({ timeout: 5000 });

    await status.getByText('No answer. The request stays in the list.').waitFor({ timeout: 15_000 });
    expect(await operator.getByTestId('live-call').count()).to.equal(0);
    expect(await operator.getByTestId('connecting').count()).to.equal(0);
    await eventually(async () => (await button.getAttribute('aria-disabled')) === 'false', 5000, 'the button usable again');
    await operator.locator('[data-testid="my-state"]:not([data-state="on_call"])').waitFor({ timeout: 5000 });
    await shot(operator, 'callbacks-5-no-answer');

    // Still in the list after the list refreshed, and for whoever looks next, with nobody calling.
    expect(await operator.getByTestId('callback-row').count()).to.equal(1);
    expect(await row.getByTestId('callback-in-progress').count()).to.equal(0);
    await operator.reload();
    await rowOf(operator, msg.id).getByRole('button', { name: 'Call back' }).waitFor({ timeout: 5000 });
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: msg.id })).callbackCipher).to.be.a('string');
    expect(errors).to.deep.equal([]);
  });

  it('a request a colleague is calling back: the row says who, and a click that came too late shows the server\'s refusal', async function () {
    this.timeout(60_000);
    const msg = await message();
    const operator = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(operator);
    await signIn(operator, app.url, 'operator2');
    const row = rowOf(operator, msg.id);
    await row.getByRole('button', { name: 'Call back' }).waitFor({ timeout: 5000 });

    // Operator One starts calling back after this list was loaded.
    const colleague = await app.running.db.getRepository(User).findOneByOrFail({ username: 'operator1' });
    await app.running.db.getRepository(Contact).update({ id: msg.id }, { callbackById: colleague.id, callbackAt: new Date() });
    await row.getByRole('button', { name: 'Call back' }).click();
    await row.getByRole('alert').getByText('A colleague is calling this person back now').waitFor({ timeout: 5000 });
    expect(await operator.getByTestId('connecting').count()).to.equal(0);
    expect(await operator.locator('[data-testid="my-state"][data-state="on_call"]').count()).to.equal(0);

    await operator.reload();
    const again = rowOf(operator, msg.id);
    await again.getByTestId('callback-in-progress').getByText('Operator One is calling back').waitFor({ timeout: 5000 });
    expect(await again.getByRole('button', { name: 'Call back' }).count()).to.equal(0);
    await operator.getByRole('button', { name: 'IT' }).click();
    await again.getByTestId('callback-in-progress').getByText('Operator One sta richiamando').waitFor({ timeout: 5000 });
    expect(errors).to.deep.equal([]);
  });

  it('the call-back panel speaks Italian', async function () {
    this.timeout(30_000);
    const page = await (await chromium.browser.newContext()).newPage();
    await signIn(page, app.url, 'operator1');
    await page.getByRole('button', { name: 'IT' }).click();
    const list = page.getByTestId('callback-list');
    await list.getByRole('heading', { name: 'Richieste di richiamata' }).waitFor();
    await list.getByText('Nessuna richiesta di richiamata.').waitFor({ timeout: 5000 });
  });
});
