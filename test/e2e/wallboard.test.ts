import { resolve } from 'node:path';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { Contact } from '../../server/calls/contact.entity.js';
import { useTestApp } from '../support/app.js';
import { queuedContact } from '../support/calls.js';
import { eventually } from '../support/http.js';
import { useChromium } from './browser.js';
import { goAvailable, pageErrors, shot, signIn } from './pages.js';


/** A change the server announces shows on the wallboard within this long (it throttles to 4 a second). */
const LIVE = { timeout: 1500 };

describe('the console in Chromium: the supervisors’ wallboard', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' }, { consoleDir: resolve('dist/console') });
  const chromium = useChromium();

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await (await chromium.browser.newContext()).newPage();
    return { page, errors: pageErrors(page) };
  }

  /** The supervisor, on the wallboard from the navigation. */
  async function supervisorOnWallboard(prepare?: (page: Page) => Promise<void>): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await newPage();
    await prepare?.(page);
    await signIn(page, app.url, 'supervisor');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Wallboard', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Wallboard' }).waitFor();
    await page.getByTestId('wallboard').waitFor({ timeout: 5000 });
    return { page, errors };
  }

  const waitingRow = (board: Page, contactId: string): Locator =>
    board.locator(`[data-testid="waiting-row"][data-contact-id="${contactId}"]`);
  const operatorRow = (board: Page, name: string): Locator =>
    board.getByTestId('operator-row').filter({ has: board.getByRole('rowheader', { name, exact: true }) });
  const stateOf = (board: Page, name: string) => operatorRow(board, name).getAttribute('data-state');

  it('two operators, a declined offer, an accepted call and the wrap-up: the supervisor watches each change live', async function () {
    this.timeout(90_000);
    const { page: board, errors: boardErrors } = await supervisorOnWallboard();
    const one = await newPage();
    const two = await newPage();
    await signIn(one.page, app.url, 'operator1');
    await signIn(two.page, app.url, 'operator2');

    // Before any call: nobody waiting, no service level to speak of, everyone on the floor with their skills.
    await board.getByTestId('waiting-empty').getByText('Nobody is waiting.').waitFor();
    expect(await board.getByTestId('summary-waiting').innerText()).to.equal('0');
    expect(await board.getByTestId('service-today').getByTestId('service-within20').innerText()).to.equal('—');
    expect(await board.getByTestId('service-last-hour').getByTestId('service-within60').innerText()).to.equal('—');
    const twoRow = operatorRow(board, 'Operator Two');
    expect(await twoRow.innerText()).to.contain('Français (native)').and.contain('English (fluent)').and.contain('Labour exploitation');
    expect(await operatorRow(board, 'Operator One').innerText()).to.contain('Italiano (native)').and.contain('Minors');

    // An English caller waits while both operators are still signed out of the queue.
    const { call, contactId } = await queuedContact(app, '2', '1');
    const row = waitingRow(board, contactId);
    await row.waitFor(LIVE);
    expect(await row.getByTestId('waiting-language').innerText()).to.contain('English');
    expect(await row.getByTestId('waiting-ringing').innerText()).to.equal('Nobody yet');
    expect(await row.innerText()).to.contain('Normal');
    expect(await board.getByTestId('summary-waiting').innerText()).to.equal('1');
    expect(await board.getByTestId('summary-languages').innerText()).to.match(/English\s+1/);
    // The time waiting ticks every second, without a new fetch.
    const waitedBefore = await row.getByTestId('waiting-time').innerText();
    expect(waitedBefore).to.match(/^00:\d{2}$/);
    await board.waitForFunction(
      ([id, before]) => document.querySelector(`[data-contact-id="${id}"] [data-testid="waiting-time"]`)?.textContent !== before,
      [contactId, waitedBefore] as const, { timeout: 2500 },
    );
    await shot(board, 'wallboard-1-waiting');

    // Both go Available: the call rings at one of them (both speak English fluently), shown on the board.
    // (The one offered the call may never be seen as available.)
    await Promise.all([one.page, two.page].map(async (page) => {
      await page.getByRole('button', { name: 'Available' }).click();
      await page.locator('[data-testid="my-state"]:is([data-state="available"], [data-state="offered"])').waitFor({ timeout: 5000 });
    }));
    const [first, second] = await eventually(async () => {
      if (await one.page.getByTestId('offer').count()) return [{ ...one, name: 'Operator One' }, { ...two, name: 'Operator Two' }] as const;
      if (await two.page.getByTestId('offer').count()) return [{ ...two, name: 'Operator Two' }, { ...one, name: 'Operator One' }] as const;
      return null;
    }, 10_000, 'an offer on either console');
    await row.getByTestId('waiting-ringing').getByText(first.name, { exact: true }).waitFor(LIVE);
    expect(await second.page.getByTestId('offer').count()).to.equal(0);
    await eventually(async () => (await stateOf(board, first.name)) === 'offered', 1500, `${first.name} offered on the board`);
    // Only someone available can be given the call.
    expect(await row.getByLabel('Give to…').locator('option').allInnerTexts()).to.deep.equal(['Choose an operator…', second.name]);
    await shot(board, 'wallboard-2-ringing');

    // The first declines: it rings at the other, on their console and on the board.
    await first.page.getByTestId('offer').getByRole('button', { name: 'Decline' }).click();
    await second.page.getByTestId('offer').waitFor({ timeout: 5000 });
    await row.getByTestId('waiting-ringing').getByText(second.name, { exact: true }).waitFor(LIVE);

    // The other accepts: the call leaves the waiting list.
    await second.page.getByTestId('offer').getByRole('button', { name: 'Accept' }).click();
    await board.getByTestId('waiting-empty').waitFor(LIVE);
    expect(await row.count()).to.equal(0);
    await eventually(async () => (await stateOf(board, second.name)) === 'on_call', 1500, `${second.name} on call on the board`);
    expect(await board.getByTestId('summary-longest').innerText()).to.equal('—');
    const live = second.page.getByTestId('live-call');
    await second.page.locator('[data-testid="live-call"][data-phase="live"]').waitFor({ timeout: 10_000 });

    // The caller hangs up: the operator wraps up, with a countdown and the record form still usable.
    call.hangup();
    await second.page.getByTestId('call-ended').waitFor({ timeout: 10_000 });
    // The ended call keeps its record form, and nothing of the live call's controls (the interpreter).
    expect(await live.getByTestId('interpreter').count()).to.equal(0);
    const myState = second.page.getByTestId('my-state');
    await second.page.locator('[data-testid="my-state"][data-state="wrap_up"]').waitFor({ timeout: 5000 });
    expect(await myState.innerText()).to.equal('wrapping up');
    const countdown = second.page.getByRole('timer');
    const shown = await countdown.innerText();
    expect(shown).to.match(/^0[01]:\d{2}$/);
    await second.page.waitForFunction((before) => document.querySelector('[role="timer"]')?.textContent !== before, shown, { timeout: 2500 });
    expect(await countdown.innerText() < shown).to.equal(true);
    expect(await second.page.getByRole('button', { name: 'Available' }).count()).to.equal(0);
    const form = live.getByRole('form', { name: 'Contact record' });
    await form.getByLabel('Notes').fill('Called from a car wash; will call again tomorrow.');
    await form.getByRole('button', { name: 'Save record' }).click();
    await second.page.getByTestId('record-status').getByText('Record saved').waitFor({ timeout: 5000 });
    await shot(second.page, 'wallboard-3-wrap-up');

    // The board shows the wrap-up with its end, and the call in today's service level.
    await eventually(async () => (await stateOf(board, second.name)) === 'wrap_up', 1500, `${second.name} wrapping up on the board`);
    expect(await operatorRow(board, second.name).getByTestId('operator-state').innerText()).to.match(/wrapping up for \d{2}:\d{2} · ends in \d{2}:\d{2}/);
    const today = board.getByTestId('service-today');
    await today.getByTestId('service-handled').getByText('1', { exact: true }).waitFor(LIVE);
    expect(await today.getByTestId('service-within60').innerText()).to.equal('100% (1 of 1)');
    expect(await board.getByTestId('service-last-hour').getByTestId('service-handled').innerText()).to.equal('1');
    expect(await today.getByTestId('service-abandoned').innerText()).to.equal('0');
    await shot(board, 'wallboard-4-after');

    // In Italian, the state panel says the same.
    await second.page.getByRole('button', { name: 'IT', exact: true }).click();
    await second.page.getByRole('button', { name: 'Disponibile per la prossima chiamata' }).waitFor();
    expect(await myState.innerText()).to.equal('Chiusura scheda');
    await second.page.getByRole('button', { name: 'EN', exact: true }).click();

    // "Ready for the next call" ends the wrap-up at once.
    await second.page.getByRole('button', { name: 'Ready for the next call' }).click();
    await second.page.locator('[data-testid="my-state"][data-state="available"]').waitFor({ timeout: 5000 });
    expect(await second.page.getByTestId('wrap-up').count()).to.equal(0);
    expect(await second.page.getByRole('button', { name: 'Available' }).getAttribute('aria-pressed')).to.equal('true');
    await eventually(async () => (await stateOf(board, second.name)) === 'available', 1500, `${second.name} available on the board`);

    expect(boardErrors).to.deep.equal([]);
    expect(one.errors).to.deep.equal([]);
    expect(two.errors).to.deep.equal([]);
  });

  it('the supervisor marks a waiting call as about a child and gives it to a chosen operator; someone no longer available is refused in the server’s words', async function () {
    this.timeout(90_000);
    const { page: board, errors: boardErrors } = await supervisorOnWallboard();
    const one = await newPage();
    const two = await newPage();
    await signIn(one.page, app.url, 'operator1');
    await signIn(two.page, app.url, 'operator2');
    await goAvailable(one.page);
    await goAvailable(two.page);

    // A Romanian caller: nobody available speaks Romanian, and there is no interpreter line, so it waits.
    const { call, contactId } = await queuedContact(app, '4', '2');
    const row = waitingRow(board, contactId);
    await row.waitFor(LIVE);
    expect(await row.getByTestId('waiting-ringing').innerText()).to.equal('Nobody yet');

    // About a child: marked on the board and in the queue. The box shows the server's state, so it
    // turns checked once the change is saved: click, then wait for that (check() wants it at once).
    await row.getByLabel('About a child').click();
    await row.getByTestId('waiting-child').waitFor(LIVE);
    expect(await row.getByLabel('About a child').isChecked()).to.equal(true);
    expect((await app.running.db.getRepository(Contact).findOneByOrFail({ id: contactId })).minor).to.equal(true);

    // Operator One is chosen, but leaves before the board can tell (its refresh fails meanwhile).
    const give = row.getByLabel('Give to…');
    expect(await give.locator('option').allInnerTexts()).to.deep.equal(['Choose an operator…', 'Operator One', 'Operator Two']);
    await give.selectOption({ label: 'Operator One' });
    await board.route('**/api/wallboard', (route) => route.abort());
    await one.page.getByRole('button', { name: 'Away' }).click();
    await one.page.locator('[data-testid="my-state"][data-state="away"]').waitFor({ timeout: 5000 });
    await row.getByRole('button', { name: 'Give' }).click();
    const refused = row.getByTestId('give-error');
    await refused.waitFor({ timeout: 5000 });
    expect(await refused.innerText()).to.equal('Not given: Operator One is not available');
    expect(await refused.getAttribute('role')).to.equal('alert');
    expect(await one.page.getByTestId('offer').count()).to.equal(0);

    // With the board live again, Operator One is no longer offered as a choice; Operator Two is given the call.
    await board.unroute('**/api/wallboard');
    await board.reload();
    await board.getByTestId('wallboard').waitFor({ timeout: 5000 });
    await eventually(async () => (await give.locator('option').allInnerTexts()).join('|') === 'Choose an operator…|Operator Two', 3000, 'Operator One gone from the choices');
    await give.selectOption({ label: 'Operator Two' });
    await row.getByRole('button', { name: 'Give' }).click();
    await row.getByTestId('give-status').getByText('Offered to Operator Two').waitFor({ timeout: 5000 });
    await row.getByTestId('waiting-ringing').getByText('Operator Two', { exact: true }).waitFor(LIVE);
    const offer = two.page.getByTestId('offer');
    await offer.waitFor({ timeout: 5000 });
    expect(await offer.getByTestId('offer-language').innerText()).to.contain('Română');
    await shot(board, 'wallboard-5-given');

    await offer.getByRole('button', { name: 'Accept' }).click();
    await board.getByTestId('waiting-empty').waitFor(LIVE);
    call.hangup();
    await call.ended();
    expect(boardErrors).to.deep.equal([]);
    expect(one.errors).to.deep.equal([]);
    expect(two.errors).to.deep.equal([]);
  });

  it('a caller in danger raises an alert at once, and a caller waiting over two minutes another, each once', async function () {
    this.timeout(90_000);
    // The board's clock is the test's, so two minutes can pass in a moment.
    const { page: board, errors } = await supervisorOnWallboard((page) => page.clock.install());
    const alerts = board.getByTestId('wallboard-alert');
    expect(await alerts.count()).to.equal(0);

    // Nobody is available: an English caller presses 9, in danger now.
    const { contactId } = await queuedContact(app, '2', '9');
    const row = waitingRow(board, contactId);
    await row.waitFor(LIVE);
    await row.getByTestId('waiting-danger').waitFor();
    const danger = board.locator(`[data-testid="wallboard-alert"][data-kind="danger"][data-contact-id="${contactId}"]`);
    await danger.waitFor(LIVE);
    expect(await danger.getAttribute('role')).to.equal('alert');
    expect(await danger.innerText()).to.match(/^In danger now: a caller in English is waiting \(00:0\d\)\./);

    // Two minutes later (on the board's clock): the long-wait alert, once.
    await board.clock.setSystemTime(Date.now() + 125_000);
    const long = board.locator(`[data-testid="wallboard-alert"][data-kind="long_wait"][data-contact-id="${contactId}"]`);
    await long.waitFor({ timeout: 2500 });
    expect(await long.innerText()).to.match(/^A caller in English has been waiting 02:0\d, more than 02:00\./);
    await shot(board, 'wallboard-6-alerts');

    // Dismissed alerts stay dismissed while the call still waits.
    await danger.getByRole('button', { name: /^Dismiss/ }).click();
    await long.getByRole('button', { name: /^Dismiss/ }).click();
    await board.waitForTimeout(1500);
    expect(await alerts.count()).to.equal(0);

    // In Italian.
    await board.getByRole('button', { name: 'IT', exact: true }).click();
    await board.getByRole('heading', { level: 1, name: 'Tabellone' }).waitFor();
    await row.getByTestId('waiting-danger').getByText('In pericolo').waitFor();
    await board.getByRole('heading', { level: 2, name: 'Livello di servizio' }).waitFor();
    await board.getByRole('button', { name: 'EN', exact: true }).click();
    expect(errors).to.deep.equal([]);
  });

  it('the supervisor sets the routing steps and the wrap-up time, with mistakes named by field; operators have no wallboard', async function () {
    this.timeout(60_000);
    const { page: board, errors } = await supervisorOnWallboard();
    const form = board.getByRole('form', { name: 'Routing and wrap-up' });
    const basic = form.getByRole('group', { name: 'Operators with a basic level of the caller’s language' });
    const any = form.getByRole('group', { name: 'Any operator, with the interpreter line' });
    const wrapUp = form.getByLabel('Wrap-up after each call (seconds)');
    expect(await basic.getByLabel('After (seconds)').inputValue()).to.equal('30');
    expect(await any.getByLabel('After (seconds)').inputValue()).to.equal('90');
    expect(await wrapUp.inputValue()).to.equal('60');

    // Out of range: named next to the field, which takes the focus; nothing is saved.
    await wrapUp.fill('1000');
    await form.getByRole('button', { name: 'Save routing' }).click();
    await form.getByText('Enter a whole number from 0 to 900.').waitFor({ timeout: 5000 });
    expect(await wrapUp.getAttribute('aria-invalid')).to.equal('true');
    expect(await wrapUp.evaluate((el) => el === document.activeElement)).to.equal(true);
    await form.getByRole('alert').getByText('Check the highlighted fields.').waitFor();
    const api = await app.as('supervisor');
    expect((await api.get('/api/settings/routing')).body.wrapUpSeconds).to.equal(60);

    // Never to any operator; basic speakers after 45 s; 20 s of wrap-up.
    await any.getByLabel('Never').check();
    expect(await any.getByLabel('After (seconds)').isDisabled()).to.equal(true);
    await basic.getByLabel('After (seconds)').fill('45');
    await wrapUp.fill('20');
    await form.getByRole('button', { name: 'Save routing' }).click();
    await form.getByRole('status').getByText('Saved').waitFor({ timeout: 5000 });
    expect(await wrapUp.getAttribute('aria-invalid')).to.equal(null);
    expect((await api.get('/api/settings/routing')).body).to.deep.equal({
      widening: { basicAfterSeconds: 45, anyAfterSeconds: null }, wrapUpSeconds: 20,
    });

    // A reload shows what was saved.
    await board.reload();
    await form.waitFor({ timeout: 5000 });
    expect(await any.getByLabel('Never').isChecked()).to.equal(true);
    expect(await basic.getByLabel('After (seconds)').inputValue()).to.equal('45');
    expect(await wrapUp.inputValue()).to.equal('20');
    expect(errors).to.deep.equal([]);

    const { page: operator } = await newPage();
    await signIn(operator, app.url, 'operator1');
    expect(await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Wallboard' }).count()).to.equal(0);
    await operator.goto(app.url + '/wallboard');
    await operator.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  });
});
