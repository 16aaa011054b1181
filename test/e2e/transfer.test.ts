import { resolve } from 'node:path';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import type { SimCall, SimEvent } from '../../ivr/simulator/simulator.js';
import { Contact } from '../../server/calls/contact.entity.js';
import { User } from '../../server/users/user.entity.js';
import { useTestApp } from '../support/app.js';
import { available as availableBySocket, participants as participantsOf } from '../support/calls.js';
import { eventually } from '../support/http.js';
import { useChromium } from './browser.js';
import { goAvailable, pageErrors, shot, signIn } from './pages.js';

type Gather = Extract<SimEvent, { kind: 'gather' }>;
const gathers = (call: SimCall) => call.events.filter((e): e is Gather => e.kind === 'gather');
const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

interface Desk { page: Page; errors: string[]; name: string; username: string }

describe('the console in Chromium: a warm transfer to a colleague', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' }, { consoleDir: resolve('dist/console') });
  const chromium = useChromium();
  const participants = (contactId: string) => participantsOf(app, contactId);

  async function desk(username: string, name: string): Promise<Desk> {
    const page = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, username);
    return { page, errors, name, username };
  }

  /** Both operators go Available; a caller chooses English (2), then help for themselves (1). */
  async function englishCallToOneOf(one: Desk, two: Desk): Promise<{ call: SimCall; contactId: string; first: Desk; second: Desk }> {
    await Promise.all([one.page, two.page].map(goAvailable));
    const call = await app.running.simulator!.placeCall();
    await eventually(() => gathers(call).length >= 1, 10_000, 'the language menu');
    call.press('2');
    await eventually(() => gathers(call).length >= 2, 10_000, 'the purpose menu');
    call.press('1');
    // Both speak English fluently: either may be offered the call. Whoever is, accepts.
    const [first, second] = await eventually(async () => {
      if (await one.page.getByTestId('offer').count()) return [one, two] as const;
      if (await two.page.getByTestId('offer').count()) return [two, one] as const;
      return null;
    }, 10_000, 'an offer on either console');
    await first.page.getByTestId('offer').getByRole('button', { name: 'Accept' }).click();
    await first.page.locator('[data-testid="live-call"][data-phase="live"]').waitFor({ timeout: 10_000 });
    await call.waitFor((e) => e.kind === 'conference' && e.participants.length >= 2, 10_000);
    const contactId = (await app.running.db.getRepository(Contact).findOneByOrFail({ callSid: call.sid })).id;
    return { call, contactId, first, second };
  }

  const userId = async (username: string) => (await app.running.db.getRepository(User).findOneByOrFail({ username })).id;
  const myState = (d: Desk) => d.page.getByTestId('my-state').getAttribute('data-state');

  it('the operator talks to a colleague while the caller holds, then hands the call over with their notes; they wrap up, the colleague goes on', async function () {
    this.timeout(120_000);
    const one = await desk('operator1', 'Operator One');
    const two = await desk('operator2', 'Operator Two');
    const { call, contactId, first, second } = await englishCallToOneOf(one, two);
    const live = first.page.getByTestId('live-call');
    const callerOnHold = async () => (await participants(contactId)).find((p) => p.callSid === call.sid)?.hold;

    // Notes typed during the call, not saved yet: they must reach the colleague, not be lost.
    const notes = 'Works nights at a car wash; the boss keeps her documents.';
    await live.getByRole('form', { name: 'Contact record' }).getByLabel('Notes').fill(notes);

    // Transfer opens from the keyboard and lists who is free now: the other operator, fluent in English.
    const section = live.getByRole('region', { name: 'Transfer' });
    const toggle = section.getByRole('button', { name: 'Transfer', exact: true });
    expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(await section.getByLabel('Colleague').count()).to.equal(0);
    await toggle.focus();
    await first.page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).to.equal('true');
    const colleague = section.getByLabel('Colleague');
    await colleague.waitFor({ timeout: 5000 });
    expect(await colleague.locator('option').allInnerTexts()).to.deep.equal([`${second.name} (Operator) — fluent`]);
    expect(await colleague.inputValue()).to.equal(await userId(second.username));
    const start = section.getByRole('button', { name: 'Start transfer' });
    await section.getByText('The caller holds with music while you talk to your colleague.').waitFor();
    await shot(first.page, 'transfer-1-open');

    // Start: the caller holds (music) while the colleague's phone is rung in; the colleague is on a call at once.
    await start.focus();
    await first.page.keyboard.press('Enter');
    const talking = section.getByTestId('transfer-talking');
    await talking.waitFor({ timeout: 5000 });
    expect(await talking.innerText()).to.equal(`Talking to ${second.name}; the caller is on hold`);
    expect(await isFocused(talking)).to.equal(true);
    expect(await callerOnHold()).to.equal(true);
    const secondId = await userId(second.username);
    await eventually(async () => (await participants(contactId)).some((p) => p.label === `transfer-${secondId}`), 5000, 'the colleague’s phone on the call');
    // Hold shows the caller held and cannot be toggled meanwhile.
    const hold = live.getByRole('button', { name: 'Hold', exact: true });
    expect(await hold.getAttribute('aria-pressed')).to.equal('true');
    expect(await hold.getAttribute('aria-disabled')).to.equal('true');
    // Pressed anyway (from the keyboard: it keeps its focus), nothing changes.
    await hold.focus();
    await first.page.keyboard.press('Space');
    await first.page.waitForTimeout(300);
    expect(await callerOnHold()).to.equal(true);
    // Hang up is locked too, and says why; pressed anyway, nothing is asked.
    const hangUp = live.getByRole('button', { name: 'Hang up', exact: true });
    expect(await hangUp.getAttribute('aria-disabled')).to.equal('true');
    await live.getByTestId('hang-up').getByText(`Complete or cancel the transfer to ${second.name} first.`).waitFor();
    await hangUp.focus();
    await first.page.keyboard.press('Enter');
    await first.page.waitForTimeout(300);
    expect(await live.getByRole('group', { name: 'End the call now?' }).count()).to.equal(0);
    expect(call.status).to.equal('in-progress');
    await second.page.locator('[data-testid="my-state"][data-state="on_call"]').waitFor({ timeout: 5000 });
    await second.page.getByText('A call a colleague is handing over to you opens here', { exact: false }).waitFor();
    expect(await second.page.getByTestId('live-call').count()).to.equal(0);
    await shot(first.page, 'transfer-2-talking');

    // The notes must be saved before the record passes on: if the server refuses them, the call is not handed over.
    await first.page.route('**/api/contacts/*/record', (route) => route.fulfill({
      status: 400, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'invalid_input', message: 'Check the fields', fields: { notes: ['Too long'] } } }),
    }));
    const complete = section.getByRole('button', { name: 'Complete transfer' });
    await complete.click();
    const error = section.getByTestId('transfer-error');
    await error.waitFor({ timeout: 5000 });
    expect(await error.innerText()).to.equal('The transfer was not completed: your record could not be saved. Check it below, then complete the transfer again.');
    expect(await live.getByRole('form', { name: 'Contact record' }).getByLabel('Notes').getAttribute('aria-invalid')).to.equal('true');
    expect(await talking.isVisible()).to.equal(true);
    expect(await callerOnHold()).to.equal(true);
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).answeredById).to.not.equal(secondId);
    await first.page.unroute('**/api/contacts/*/record');

    // Complete: the caller goes on with the colleague, off hold; the operator leaves the call and wraps up.
    await complete.click();
    const ended = first.page.getByTestId('call-ended');
    await ended.waitFor({ timeout: 10_000 });
    expect(await ended.innerText()).to.match(new RegExp(`^Handed over to ${second.name} — you were on the call for \\d+:\\d{2}$`));
    expect(await live.getByTestId('call-title').innerText()).to.equal('Call transferred');
    await first.page.locator('[data-testid="my-state"][data-state="wrap_up"]').waitFor({ timeout: 5000 });
    expect(await first.page.getByTestId('wrap-up').count()).to.equal(1);
    // The record is the colleague's now; the notes were saved first, and the operator is told so.
    const handedOver = live.getByTestId('record-handed-over');
    expect(await handedOver.innerText()).to.contain(`The contact record is now ${second.name}’s to complete.`)
      .and.contain('Your unsaved changes to it were saved before the handover.');
    expect(await live.getByRole('form', { name: 'Contact record' }).count()).to.equal(0);
    expect(await live.getByTestId('transfer').count()).to.equal(0);
    expect(await live.getByTestId('hold').count()).to.equal(0);
    await shot(first.page, 'transfer-3-handed-over');

    // The colleague's console opens the same call, live, with the notes.
    const theirs = second.page.locator('[data-testid="live-call"][data-phase="live"]');
    await theirs.waitFor({ timeout: 10_000 });
    expect(await theirs.getByTestId('call-conference').innerText()).to.contain(`approdo-${contactId}`);
    expect(await theirs.getByTestId('handed-over-by').innerText()).to.equal(`Handed over to you by ${first.name}`);
    expect(await theirs.getByRole('form', { name: 'Contact record' }).getByLabel('Notes').inputValue()).to.equal(notes);
    expect(await theirs.getByRole('button', { name: 'Hold', exact: true }).getAttribute('aria-pressed')).to.equal('false');
    expect(await theirs.getByRole('button', { name: 'Hold', exact: true }).getAttribute('aria-disabled')).to.equal(null);
    expect(await myState(second)).to.equal('on_call');
    await shot(second.page, 'transfer-4-colleague');

    // The caller is off hold, with the colleague alone.
    const now = await eventually(async () => { const ps = await participants(contactId); return ps.length === 2 ? ps : null; }, 5000, 'the first operator gone');
    expect(now.find((p) => p.callSid === call.sid)?.hold).to.equal(false);
    expect(now.some((p) => p.label === `transfer-${secondId}`)).to.equal(true);
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).answeredById).to.equal(secondId);

    // "Done" clears the panel; the wrap-up goes on.
    await live.getByRole('button', { name: 'Done' }).click();
    await first.page.getByTestId('live-call').waitFor({ state: 'detached', timeout: 5000 });
    expect(await myState(first)).to.equal('wrap_up');

    call.hangup();
    await second.page.getByTestId('call-ended').waitFor({ timeout: 10_000 });
    expect(await second.page.getByTestId('call-ended').getAttribute('data-handed-over')).to.equal('false');
    expect(first.errors).to.deep.equal([]);
    expect(second.errors).to.deep.equal([]);
  });

  it('handed back: the colleague transfers the call to the operator who gave it, whose panel (still showing the handover) goes live again', async function () {
    this.timeout(120_000);
    const one = await desk('operator1', 'Operator One');
    const two = await desk('operator2', 'Operator Two');
    const { call, contactId, first, second } = await englishCallToOneOf(one, two);

    async function handOver(from: Desk, to: Desk): Promise<void> {
      const section = from.page.getByTestId('live-call').getByRole('region', { name: 'Transfer' });
      await section.getByRole('button', { name: 'Transfer', exact: true }).click();
      await section.getByLabel('Colleague').selectOption({ label: `${to.name} (Operator) — fluent` });
      await section.getByRole('button', { name: 'Start transfer' }).click();
      await section.getByTestId('transfer-talking').waitFor({ timeout: 5000 });
      await section.getByRole('button', { name: 'Complete transfer' }).click();
      await from.page.locator('[data-testid="call-ended"][data-handed-over="true"]').waitFor({ timeout: 10_000 });
      await to.page.locator('[data-testid="live-call"][data-phase="live"]').waitFor({ timeout: 10_000 });
    }

    await handOver(first, second);
    // Ready for calls again, without pressing Done: the handed-over panel stays.
    await first.page.getByRole('button', { name: 'Ready for the next call' }).click();
    await first.page.locator('[data-testid="my-state"][data-state="available"]').waitFor({ timeout: 5000 });
    expect(await first.page.getByTestId('call-title').innerText()).to.equal('Call transferred');

    await handOver(second, first);
    const mine = first.page.locator('[data-testid="live-call"][data-phase="live"]');
    expect(await mine.getByTestId('call-title').innerText()).to.equal('Live call');
    await mine.getByTestId('handed-over-by').getByText(`Handed over to you by ${second.name}`).waitFor({ timeout: 5000 });
    await mine.getByRole('form', { name: 'Contact record' }).waitFor({ timeout: 5000 });
    expect(await mine.getByTestId('record-handed-over').count()).to.equal(0);
    expect(await second.page.getByTestId('call-title').innerText()).to.equal('Call transferred');
    await eventually(async () => (await participants(contactId)).length === 2, 5000, 'the colleague gone');
    expect((await participants(contactId)).find((p) => p.callSid === call.sid)?.hold).to.equal(false);

    // Ended now by the caller: an ordinary end, not a handover.
    call.hangup();
    await first.page.locator('[data-testid="call-ended"][data-handed-over="false"]').waitFor({ timeout: 10_000 });
    expect(await first.page.getByTestId('call-title').innerText()).to.equal('Call ended');
    expect(first.errors).to.deep.equal([]);
    expect(second.errors).to.deep.equal([]);
  });

  it('a transfer refused, then called off: the caller is back with the operator, off hold, and the colleague is free again', async function () {
    this.timeout(120_000);
    const one = await desk('operator1', 'Operator One');
    const two = await desk('operator2', 'Operator Two');
    const { call, contactId, first, second } = await englishCallToOneOf(one, two);
    const live = first.page.getByTestId('live-call');
    const callerOnHold = async () => (await participants(contactId)).find((p) => p.callSid === call.sid)?.hold;
    const sockets: Socket[] = [];
    try {
      // Two more colleagues become free once the call is taken: a supervisor, and one who speaks no English.
      sockets.push(await availableBySocket(app, 'supervisor'), await availableBySocket(app, 'operator3'));

      const section = live.getByRole('region', { name: 'Transfer' });
      await section.getByRole('button', { name: 'Transfer', exact: true }).click();
      const colleague = section.getByLabel('Colleague');
      await colleague.waitFor({ timeout: 5000 });
      // The best speakers of the caller's language first; levels in words.
      expect(await colleague.locator('option').allInnerTexts()).to.deep.equal([
        `${second.name} (Operator) — fluent`,
        'Supervisor (Supervisor) — fluent',
        'Operator Three (Operator) — does not speak it',
      ]);

      // The colleague steps away before the operator starts: the server refuses, in its words; the list is read again.
      await second.page.getByRole('button', { name: 'Away' }).click();
      await second.page.locator('[data-testid="my-state"][data-state="away"]').waitFor({ timeout: 5000 });
      await section.getByRole('button', { name: 'Start transfer' }).click();
      const error = section.getByTestId('transfer-error');
      await error.waitFor({ timeout: 5000 });
      expect(await error.innerText()).to.equal(`Not transferred: ${second.name} is not available`);
      expect(await error.getAttribute('role')).to.equal('alert');
      await eventually(async () => (await colleague.locator('option').count()) === 2, 5000, 'the list without the colleague');
      expect(await callerOnHold()).to.equal(false);
      expect(await section.getByTestId('transfer-talking').count()).to.equal(0);

      // Back, they are listed again on Refresh, and the list says so.
      await second.page.getByRole('button', { name: 'Available' }).click();
      await second.page.locator('[data-testid="my-state"][data-state="available"]').waitFor({ timeout: 5000 });
      await section.getByRole('button', { name: 'Refresh' }).click();
      await section.getByTestId('transfer-status').getByText('List refreshed: 3 available.').waitFor({ timeout: 5000 });
      expect(await colleague.locator('option').first().innerText()).to.equal(`${second.name} (Operator) — fluent`);

      await colleague.selectOption({ label: `${second.name} (Operator) — fluent` });
      await section.getByRole('button', { name: 'Start transfer' }).click();
      await section.getByTestId('transfer-talking').waitFor({ timeout: 5000 });
      expect(await section.getByTestId('transfer-error').count()).to.equal(0);
      expect(await callerOnHold()).to.equal(true);
      await eventually(async () => (await participants(contactId)).length === 3, 5000, 'three on the call');
      await second.page.locator('[data-testid="my-state"][data-state="on_call"]').waitFor({ timeout: 5000 });

      // A reload keeps the transfer under way, from the contact.
      await first.page.reload();
      await section.getByTestId('transfer-talking').waitFor({ timeout: 10_000 });
      expect(await live.getByRole('button', { name: 'Hold', exact: true }).getAttribute('aria-disabled')).to.equal('true');

      // In Italian.
      await first.page.getByRole('button', { name: 'IT', exact: true }).click();
      const italian = live.getByRole('region', { name: 'Trasferimento' });
      expect(await italian.getByTestId('transfer-talking').innerText()).to.equal(`Stai parlando con ${second.name}; chi chiama è in attesa`);
      await italian.getByRole('button', { name: 'Completa trasferimento' }).waitFor();
      await italian.getByRole('button', { name: 'Annulla trasferimento' }).waitFor();
      await first.page.getByRole('button', { name: 'EN', exact: true }).click();

      // Cancel, from the keyboard: the colleague's phone leaves, the caller comes off hold with the operator.
      const cancel = section.getByRole('button', { name: 'Cancel transfer' });
      await cancel.focus();
      await first.page.keyboard.press('Enter');
      await section.getByTestId('transfer-status').getByText('Transfer cancelled: the caller is back with you.').waitFor({ timeout: 5000 });
      expect(await section.getByTestId('transfer-talking').count()).to.equal(0);
      expect(await isFocused(section.getByRole('button', { name: 'Transfer', exact: true }))).to.equal(true);
      await eventually(async () => (await participants(contactId)).length === 2, 5000, 'the colleague gone');
      expect(await callerOnHold()).to.equal(false);
      const hold = live.getByRole('button', { name: 'Hold', exact: true });
      await eventually(async () => (await hold.getAttribute('aria-disabled')) === null, 5000, 'Hold usable again');
      expect(await live.getByRole('button', { name: 'Hang up', exact: true }).getAttribute('aria-disabled')).to.equal(null);
      expect(await hold.getAttribute('aria-pressed')).to.equal('false');
      // The colleague is available again, and listed again.
      await second.page.locator('[data-testid="my-state"][data-state="available"]').waitFor({ timeout: 5000 });
      expect(await second.page.getByTestId('live-call').count()).to.equal(0);
      await eventually(async () => (await colleague.locator('option').count()) === 3, 5000, 'the colleague listed again');
      // The call is still the operator's.
      expect(await live.getAttribute('data-phase')).to.equal('live');
      expect(await myState(first)).to.equal('on_call');
      expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).answeredById).to.equal(await userId(first.username));
      await shot(first.page, 'transfer-5-cancelled');

      // Hold works again as before.
      await hold.click();
      await live.getByTestId('hold-status').getByText('Caller on hold').waitFor({ timeout: 5000 });
      expect(await callerOnHold()).to.equal(true);

      call.hangup();
      await first.page.getByTestId('call-ended').waitFor({ timeout: 10_000 });
      expect(await first.page.getByTestId('call-title').innerText()).to.equal('Call ended');
      expect(await first.page.getByRole('form', { name: 'Contact record' }).count()).to.equal(1);
    } finally {
      for (const s of sockets) s.close();
    }
    expect(first.errors).to.deep.equal([]);
    expect(second.errors).to.deep.equal([]);
  });
});
