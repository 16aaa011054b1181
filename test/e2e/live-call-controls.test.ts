import { resolve } from 'node:path';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { Contact } from '../../server/calls/contact.entity.js';
import { User } from '../../server/users/user.entity.js';
import { useTestApp } from '../support/app.js';
import { participants as participantsOf, queuedContact } from '../support/calls.js';
import { eventually } from '../support/http.js';
import { useChromium } from './browser.js';
import { goAvailable, pageErrors, shot, signIn } from './pages.js';

const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

describe('the console in Chromium: hold, a supervisor listening in, and staff skills', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' }, { consoleDir: resolve('dist/console') });
  const chromium = useChromium();
  const participants = (contactId: string) => participantsOf(app, contactId);

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await (await chromium.browser.newContext()).newPage();
    return { page, errors: pageErrors(page) };
  }

  const operatorRow = (board: Page, name: string): Locator =>
    board.getByTestId('operator-row').filter({ has: board.getByRole('rowheader', { name, exact: true }) });

  it('the operator holds and resumes the caller; a supervisor on the wallboard listens, then coaches; the contact lists each step', async function () {
    this.timeout(120_000);
    const one = await newPage();
    await signIn(one.page, app.url, 'operator1');
    await goAvailable(one.page);
    const board = await newPage();
    await signIn(board.page, app.url, 'supervisor');
    await board.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Wallboard', exact: true }).click();
    await board.page.getByTestId('wallboard').waitFor({ timeout: 5000 });

    // An Italian caller; Operator One takes the call.
    const { call, contactId } = await queuedContact(app, '1', '1');
    const offer = one.page.getByTestId('offer');
    await offer.waitFor({ timeout: 10_000 });
    await offer.getByRole('button', { name: 'Accept' }).click();
    const live = one.page.locator('[data-testid="live-call"][data-phase="live"]');
    await live.waitFor({ timeout: 10_000 });
    await call.waitFor((e) => e.kind === 'conference' && e.participants.length >= 2, 10_000);
    const callerOnHold = async () => (await participants(contactId)).find((p) => p.callSid === call.sid)?.hold;

    // Hold: the button is pressed, the panel says so, and Twilio holds the caller's leg.
    const hold = live.getByRole('button', { name: 'Hold', exact: true });
    const status = live.getByTestId('hold-status');
    expect(await hold.getAttribute('aria-pressed')).to.equal('false');
    expect(await status.innerText()).to.equal('');
    expect(await callerOnHold()).to.equal(false);
    await hold.click();
    await status.getByText('Caller on hold').waitFor({ timeout: 5000 });
    expect(await hold.getAttribute('aria-pressed')).to.equal('true');
    expect(await status.getAttribute('role')).to.equal('status');
    expect(await isFocused(hold)).to.equal(true);
    expect(await callerOnHold()).to.equal(true);
    await shot(one.page, 'live-controls-1-held');

    // After a reload the panel still knows, from the contact's events.
    await one.page.reload();
    await live.waitFor({ timeout: 10_000 });
    await live.getByTestId('hold-status').getByText('Caller on hold').waitFor({ timeout: 5000 });
    expect(await hold.getAttribute('aria-pressed')).to.equal('true');
    expect(await live.getByTestId('call-title').innerText()).to.equal('Live call');

    // Resume, from the keyboard.
    await hold.focus();
    await one.page.keyboard.press('Space');
    await status.getByText('The caller is back on the line').waitFor({ timeout: 5000 });
    expect(await hold.getAttribute('aria-pressed')).to.equal('false');
    expect(await callerOnHold()).to.equal(false);

    // A refusal is shown next to the button, in the server's words; nothing changes.
    await one.page.route('**/api/contacts/*/hold', (route) => route.fulfill({
      status: 409, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'conflict', message: 'The call could not be put on hold or taken off it. Try again.' } }),
    }));
    await hold.click();
    const holdError = live.getByTestId('hold-error');
    await holdError.waitFor({ timeout: 5000 });
    expect(await holdError.innerText()).to.equal('Hold not changed: The call could not be put on hold or taken off it. Try again.');
    expect(await holdError.getAttribute('role')).to.equal('alert');
    expect(await hold.getAttribute('aria-pressed')).to.equal('false');
    await one.page.unroute('**/api/contacts/*/hold');

    // In Italian.
    await one.page.getByRole('button', { name: 'IT', exact: true }).click();
    await live.getByRole('button', { name: 'Attesa', exact: true }).waitFor();
    await one.page.getByRole('button', { name: 'EN', exact: true }).click();

    // The wallboard shows the call Operator One is on: its language and a clock that ticks.
    const row = operatorRow(board.page, 'Operator One');
    await eventually(async () => (await row.getAttribute('data-state')) === 'on_call', 5000, 'Operator One on call on the board');
    const onCall = row.getByTestId('operator-call');
    await onCall.getByTestId('operator-call-language').getByText('Italiano').waitFor({ timeout: 5000 });
    // Under its own column.
    const column = (await board.page.getByTestId('operators-table').getByRole('columnheader').allInnerTexts()).indexOf('Call');
    expect(await row.locator(':scope > *').nth(column).getAttribute('data-testid')).to.equal('operator-call');
    const time = onCall.getByTestId('operator-call-time');
    const before = await time.innerText();
    expect(before).to.match(/^\d{2}:\d{2} on the call$/);
    await board.page.waitForFunction(
      (shown) => document.querySelector('[data-testid="operator-call-time"]')?.textContent !== shown, before, { timeout: 2500 },
    );
    expect(await onCall.getByTestId('operator-call-badges').count()).to.equal(0);
    expect(await operatorRow(board.page, 'Operator Two').getByTestId('operator-call').innerText()).to.equal('—');
    await onCall.getByText('Your phone rings; hang up to leave.').waitFor();

    const controls = onCall.getByRole('group', { name: 'Supervise the call of Operator One' });
    const listen = controls.getByRole('button', { name: 'Listen' });
    const coach = controls.getByRole('button', { name: 'Coach' });
    const join = controls.getByRole('button', { name: 'Join' });
    for (const b of [listen, coach, join]) expect(await b.getAttribute('aria-pressed')).to.equal('false');

    // Listen: the supervisor's phone joins the conference, muted.
    const supervisorId = (await app.running.db.getRepository(User).findOneByOrFail({ username: 'supervisor' })).id;
    const label = `supervisor-${supervisorId}`;
    await listen.click();
    const monitorStatus = onCall.getByTestId('monitor-status');
    await monitorStatus.getByText('Listening: nobody hears you').waitFor({ timeout: 5000 });
    expect(await listen.getAttribute('aria-pressed')).to.equal('true');
    const listening = await eventually(async () => (await participants(contactId)).find((p) => p.label === label) ?? null, 5000, 'the supervisor on the call');
    expect(listening).to.include({ muted: true, coaching: false });

    // Coach: heard by the operator alone; the same phone, another mode.
    await coach.click();
    await monitorStatus.getByText('Coaching: only Operator One hears you').waitFor({ timeout: 5000 });
    expect(await coach.getAttribute('aria-pressed')).to.equal('true');
    expect(await listen.getAttribute('aria-pressed')).to.equal('false');
    expect(await join.getAttribute('aria-pressed')).to.equal('false');
    const operatorCallSid = (await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).operatorCallSid;
    const legs = (await participants(contactId)).filter((p) => p.label === label);
    expect(legs).to.have.length(1);
    expect(legs[0]).to.include({ muted: false, coaching: true, callSidToCoach: operatorCallSid });
    await shot(board.page, 'live-controls-2-coaching');

    // A refused change is shown in the row; the mode pressed stays the one the server accepted.
    await board.page.route('**/api/contacts/*/monitor', (route) => route.fulfill({
      status: 409, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'conflict', message: 'Your phone could not be brought into the call. Try again.' } }),
    }));
    await join.click();
    const monitorError = onCall.getByTestId('monitor-error');
    await monitorError.waitFor({ timeout: 5000 });
    expect(await monitorError.innerText()).to.equal('Not changed: Your phone could not be brought into the call. Try again.');
    expect(await monitorError.getAttribute('role')).to.equal('alert');
    expect(await coach.getAttribute('aria-pressed')).to.equal('true');
    expect(await join.getAttribute('aria-pressed')).to.equal('false');
    await board.page.unroute('**/api/contacts/*/monitor');
    expect((await participants(contactId)).find((p) => p.label === label)).to.include({ coaching: true });

    // In Italian.
    await board.page.getByRole('button', { name: 'IT', exact: true }).click();
    const italian = onCall.getByRole('group', { name: 'Supervisiona la chiamata di Operator One' });
    expect(await italian.getByRole('button', { name: 'Suggerisci' }).getAttribute('aria-pressed')).to.equal('true');
    await italian.getByRole('button', { name: 'Ascolta' }).waitFor();
    await board.page.getByRole('button', { name: 'EN', exact: true }).click();

    // The contact lists each step, with who did it, while the call goes on.
    await board.page.goto(`${app.url}/contacts/${contactId}`);
    const events = board.page.getByTestId('contact-event');
    await eventually(async () => (await events.count()) === 4, 5000, 'four events on the contact');
    const rows = await Promise.all((await events.all()).map(async (e) => (await e.locator('td').allInnerTexts()).slice(1, 3)));
    expect(rows).to.deep.equal([
      ['Caller put on hold', 'Operator One'],
      ['Caller taken off hold', 'Operator One'],
      ['Supervisor listening', 'Supervisor'],
      ['Supervisor coaching the operator', 'Supervisor'],
    ]);
    expect(await events.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')))).to.deep.equal(
      ['held', 'resumed', 'supervisor_listening', 'supervisor_coaching'],
    );
    await shot(board.page, 'live-controls-3-contact');

    call.hangup();
    await one.page.getByTestId('call-ended').waitFor({ timeout: 10_000 });
    expect(await one.page.getByTestId('hold').count()).to.equal(0);
    expect(one.errors).to.deep.equal([]);
    expect(board.errors).to.deep.equal([]);
  });

  it('the operator hangs up from the console in two steps: Keep talking (or Escape) leaves the call on; End call ends it for the caller, then wrap-up', async function () {
    this.timeout(120_000);
    const one = await newPage();
    const page = one.page;
    await signIn(page, app.url, 'operator1');
    await goAvailable(page);
    const { call, contactId } = await queuedContact(app, '1', '1');
    const offer = page.getByTestId('offer');
    await offer.waitFor({ timeout: 10_000 });
    await offer.getByRole('button', { name: 'Accept' }).click();
    const live = page.locator('[data-testid="live-call"][data-phase="live"]');
    await live.waitFor({ timeout: 10_000 });
    await call.waitFor((e) => e.kind === 'conference' && e.participants.length >= 2, 10_000);
    const operatorCallSid = (await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).operatorCallSid;
    expect(operatorCallSid).to.be.a('string');
    const stillOn = async () => {
      expect(call.status).to.equal('in-progress');
      expect(await live.getAttribute('data-phase')).to.equal('live');
      expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).status).to.equal('connected');
      expect((await participants(contactId)).map((p) => p.callSid)).to.include.members([call.sid, operatorCallSid!]);
    };
    const describedBy = (locator: Locator) => locator.evaluate((el) => (el.getAttribute('aria-describedby') ?? '')
      .split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));

    // The button says what it does; nothing is asked yet.
    const hangUp = live.getByRole('button', { name: 'Hang up', exact: true });
    expect(await hangUp.getAttribute('aria-disabled')).to.equal(null);
    expect(await describedBy(hangUp)).to.equal('Ends the call for the caller and hangs up your phone. You can still complete the record.');
    const question = live.getByRole('group', { name: 'End the call now?' });
    expect(await question.count()).to.equal(0);
    expect(await live.getByRole('button', { name: 'End call' }).count()).to.equal(0);

    // Hang up asks first; focus lands on the safe answer. Keep talking: the call goes on.
    await hangUp.click();
    await question.waitFor({ timeout: 5000 });
    const keep = question.getByRole('button', { name: 'Keep talking' });
    const end = question.getByRole('button', { name: 'End call' });
    expect(await isFocused(keep)).to.equal(true);
    expect(await describedBy(question)).to.equal('The caller’s line and your phone are hung up at once; it cannot be undone.');
    expect(await hangUp.count()).to.equal(0);
    await shot(page, 'live-controls-5-hang-up-asked');
    await keep.click();
    await hangUp.waitFor({ timeout: 5000 });
    expect(await question.count()).to.equal(0);
    expect(await isFocused(hangUp)).to.equal(true);
    await page.waitForTimeout(500);
    await stillOn();

    // From the keyboard: Enter asks, Escape keeps talking, and focus is back on Hang up.
    await hangUp.focus();
    await page.keyboard.press('Enter');
    await question.waitFor({ timeout: 5000 });
    expect(await isFocused(keep)).to.equal(true);
    await page.keyboard.press('Escape');
    await hangUp.waitFor({ timeout: 5000 });
    expect(await isFocused(hangUp)).to.equal(true);
    await page.waitForTimeout(500);
    await stillOn();

    // A refusal is shown next to the button, in the server's words; the call goes on.
    await page.route('**/api/contacts/*/hangup', (route) => route.fulfill({
      status: 409, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'conflict', message: 'The call could not be ended. Try again, or hang up your phone.' } }),
    }));
    await hangUp.click();
    await end.click();
    const error = live.getByTestId('hang-up-error');
    await error.waitFor({ timeout: 5000 });
    expect(await error.innerText()).to.equal('The call was not ended: The call could not be ended. Try again, or hang up your phone.');
    expect(await error.getAttribute('role')).to.equal('alert');
    expect(await isFocused(hangUp)).to.equal(true);
    await page.unroute('**/api/contacts/*/hangup');
    await stillOn();

    // In Italian.
    await page.getByRole('button', { name: 'IT', exact: true }).click();
    await live.getByRole('button', { name: 'Riaggancia', exact: true }).click();
    const domanda = live.getByRole('group', { name: 'Terminare la chiamata ora?' });
    await domanda.getByRole('button', { name: 'Termina chiamata' }).waitFor({ timeout: 5000 });
    await domanda.getByRole('button', { name: 'Continua a parlare' }).click();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await stillOn();

    // Hang up → End call: the caller's line is hung up (by the REST API), then the operator's phone; the panel ends, wrap-up follows.
    await hangUp.click();
    await end.click();
    await Promise.race([
      call.ended(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the caller’s call did not end')), 10_000)),
    ]);
    expect(call.status).to.equal('completed');
    expect(call.events.find((e) => e.kind === 'hangup')).to.deep.include({ by: 'rest' });
    await eventually(() => app.running.simulator!.call(operatorCallSid!)?.status === 'completed', 5000, 'the operator’s phone hung up');
    const ended = page.getByTestId('call-ended');
    await ended.waitFor({ timeout: 10_000 });
    expect(await ended.innerText()).to.match(/^Call ended — duration \d+:\d{2}$/);
    expect(await ended.getAttribute('data-handed-over')).to.equal('false');
    const panel = page.getByTestId('live-call');
    expect(await panel.getAttribute('data-phase')).to.equal('ended');
    const title = panel.getByTestId('call-title');
    expect(await title.innerText()).to.equal('Call ended');
    // The button pressed is gone: focus goes to the panel's heading.
    expect(await isFocused(title)).to.equal(true);
    expect(await panel.getByTestId('hang-up').count()).to.equal(0);
    expect(await panel.getByTestId('hold').count()).to.equal(0);
    await page.locator('[data-testid="my-state"][data-state="wrap_up"]').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('wrap-up').count()).to.equal(1);
    // The record stays open to complete; the contact is closed as for any hang-up.
    expect(await panel.getByRole('form', { name: 'Contact record' }).count()).to.equal(1);
    await eventually(async () => (await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).status === 'completed', 5000, 'the contact completed');
    await shot(page, 'live-controls-6-hung-up');
    expect(one.errors).to.deep.equal([]);
  });

  it('a supervisor gives Operator Three fluent French on the Staff page: a French caller already waiting is offered to them at once', async function () {
    this.timeout(120_000);
    // No widening: only a French speaker can be offered this call, however long it waits.
    const api = await app.as('supervisor');
    const routing = await api.put('/api/settings/routing', { widening: { basicAfterSeconds: null, anyAfterSeconds: null }, wrapUpSeconds: 60 });
    expect(routing.status).to.equal(200);

    const three = await newPage();
    await signIn(three.page, app.url, 'operator3');
    await goAvailable(three.page);
    // Operators see no Staff page.
    expect(await three.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff' }).count()).to.equal(0);

    // A French caller waits: Operator Three, the only one available, does not speak French yet.
    const { call, contactId } = await queuedContact(app, '3', '1');
    await three.page.waitForTimeout(1500);
    expect(await three.page.getByTestId('offer').count()).to.equal(0);
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).status).to.equal('queued');

    const sup = await newPage();
    const page = sup.page;
    await signIn(page, app.url, 'supervisor');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff skills' }).waitFor();
    const row = page.getByTestId('staff-row').filter({ has: page.getByRole('rowheader', { name: 'Operator Three', exact: true }) });
    await row.waitFor({ timeout: 5000 });
    // Every person who takes calls, each with the seeded skills.
    expect(await page.getByRole('rowheader').allInnerTexts()).to.have.members(['Operator One', 'Operator Three', 'Operator Two', 'Supervisor (Supervisor)']);
    const french = row.getByLabel('Français level for Operator Three');
    expect(await french.inputValue()).to.equal('');
    expect(await row.getByLabel('Română level for Operator Three').inputValue()).to.equal('native');
    expect(await row.getByLabel('Русский/Українська level for Operator Three').inputValue()).to.equal('fluent');
    expect(await french.locator('option').allInnerTexts()).to.deep.equal(['—', 'native', 'fluent', 'basic']);
    expect(await row.getByLabel('Minors’ cases: Operator Three').isChecked()).to.equal(false);
    expect(await row.getByLabel('Labour exploitation: Operator Three').isChecked()).to.equal(false);
    expect(await page.getByTestId('staff-row').filter({ has: page.getByRole('rowheader', { name: 'Operator One', exact: true }) })
      .getByLabel('Minors’ cases: Operator One').isChecked()).to.equal(true);

    await french.selectOption('fluent');
    await row.getByTestId('staff-unsaved').getByText('Unsaved changes').waitFor();
    const save = row.getByRole('button', { name: 'Save' });
    await save.click();
    await row.getByTestId('staff-status').getByText('Saved').waitFor({ timeout: 5000 });
    expect(await row.getByTestId('staff-unsaved').count()).to.equal(0);
    await shot(page, 'live-controls-4-staff');

    // Routing takes the new skill at once: the waiting French caller rings at Operator Three.
    const offer = three.page.getByTestId('offer');
    await offer.waitFor({ timeout: 5000 });
    expect(await offer.getByTestId('offer-language').innerText()).to.contain('Français');
    const stored = (await api.get('/api/staff')).body.items.find((m: { username: string }) => m.username === 'operator3');
    expect(stored.skills).to.deep.equal({ languages: { ro: 'native', ru: 'fluent', fr: 'fluent' }, minors: false, labour: false });
    await offer.getByRole('button', { name: 'Accept' }).click();
    await three.page.locator('[data-testid="live-call"][data-phase="live"]').waitFor({ timeout: 10_000 });
    call.hangup();

    // A reload shows what was saved.
    await page.reload();
    await row.waitFor({ timeout: 5000 });
    expect(await row.getByLabel('Français level for Operator Three').inputValue()).to.equal('fluent');

    // A level the server refuses is named by field, next to the select, which takes the focus.
    const two = page.getByTestId('staff-row').filter({ has: page.getByRole('rowheader', { name: 'Operator Two', exact: true }) });
    await page.route('**/api/staff/*/skills', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { languages: Record<string, string> };
      body.languages.es = 'expert';
      await route.continue({ postData: JSON.stringify(body) });
    });
    const spanish = two.getByLabel('Español/Português level for Operator Two');
    await spanish.selectOption('basic');
    await two.getByLabel('Minors’ cases: Operator Two').check();
    await two.getByRole('button', { name: 'Save' }).click();
    await two.getByRole('alert').getByText('Check the highlighted fields.').waitFor({ timeout: 5000 });
    expect(await spanish.getAttribute('aria-invalid')).to.equal('true');
    await two.getByText('Choose a level from the list.').waitFor();
    expect(await isFocused(spanish)).to.equal(true);
    expect(await two.getByTestId('staff-status').innerText()).to.equal('');
    expect((await api.get('/api/staff')).body.items.find((m: { username: string }) => m.username === 'operator2').skills.minors).to.equal(false);

    // Sent as chosen, it is saved.
    await page.unroute('**/api/staff/*/skills');
    await two.getByRole('button', { name: 'Save' }).click();
    await two.getByTestId('staff-status').getByText('Saved').waitFor({ timeout: 5000 });
    expect(await spanish.getAttribute('aria-invalid')).to.equal(null);
    expect((await api.get('/api/staff')).body.items.find((m: { username: string }) => m.username === 'operator2').skills)
      .to.deep.equal({ languages: { en: 'fluent', fr: 'native', ar: 'fluent', es: 'basic' }, minors: true, labour: true });

    // In Italian.
    await page.getByRole('button', { name: 'IT', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Competenze del personale' }).waitFor();
    await row.getByLabel('Livello di Français per Operator Three').waitFor();
    await row.getByLabel('Casi di minori: Operator Three').waitFor();
    await page.getByRole('columnheader', { name: 'Formazione' }).waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();

    // Admins have the page too; operators do not.
    const admin = await newPage();
    await signIn(admin.page, app.url, 'admin');
    await admin.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff', exact: true }).click();
    await admin.page.getByTestId('staff-row').first().waitFor({ timeout: 5000 });
    await three.page.goto(`${app.url}/staff`);
    await three.page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();

    expect(three.errors).to.deep.equal([]);
    expect(sup.errors).to.deep.equal([]);
    expect(admin.errors).to.deep.equal([]);
  });
});
