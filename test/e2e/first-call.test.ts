import { resolve } from 'node:path';
import { expect } from 'chai';
import { useTestApp } from '../support/app.js';
import { useChromium } from './browser.js';
import { shot, signIn } from './pages.js';

describe('the console in Chromium: a first call', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' }, { consoleDir: resolve('dist/console') });
  const chromium = useChromium();

  it('an operator goes Available, takes a call placed from the softphone, saves the contact and finds it in the list', async function () {
    this.timeout(60_000);
    const operator = await (await chromium.browser.newContext()).newPage();
    const caller = await (await chromium.browser.newContext()).newPage();
    const errors: string[] = [];
    operator.on('pageerror', (e) => errors.push(e.message));

    await signIn(operator, app.url, 'operator1');
    await operator.getByRole('button', { name: 'Available' }).click();
    await expect(await operator.getByTestId('my-state').getAttribute('data-state', { timeout: 5000 })).to.be.oneOf(['available', 'offline']);
    await operator.locator('[data-testid="my-state"][data-state="available"]').waitFor({ timeout: 5000 });

    // The caller, in another browser: the softphone page of the simulator.
    await signIn(caller, app.url, 'supervisor');
    await caller.getByRole('link', { name: 'Softphone' }).click();
    await caller.getByRole('button', { name: 'Call the helpline' }).click();
    const transcript = caller.getByTestId('transcript');
    await transcript.getByText('Benvenuto ad Approdo', { exact: false }).waitFor({ timeout: 10_000 });
    await expect(await transcript.locator('li[lang="it-IT"]').count()).to.be.greaterThan(0);
    await caller.getByRole('button', { name: 'Key 2' }).click();
    await transcript.getByText('If you need help for yourself, press 1', { exact: false }).waitFor({ timeout: 10_000 });
    await caller.getByRole('button', { name: 'Key 1' }).click();

    // The offer rings on the operator's console: language and priority; accept.
    const offer = operator.getByTestId('offer');
    await offer.waitFor({ timeout: 5000 });
    await shot(operator, '1-offer');
    await shot(caller, '1-softphone-holding');
    expect(await offer.getByTestId('offer-language').innerText()).to.contain('English');
    await offer.getByRole('button', { name: 'Accept' }).click();

    // Both sides show the virtual conference.
    const live = operator.getByTestId('live-call');
    await live.waitFor({ timeout: 10_000 });
    expect(await live.getByTestId('call-conference').innerText()).to.match(/approdo-[0-9a-f-]{36}/);
    await caller.getByTestId('call-status').getByText(/conference/i).waitFor({ timeout: 10_000 });

    // The first contact record, filled during the call.
    const form = operator.getByRole('form', { name: 'Contact record' });
    await form.getByLabel('Caller type').selectOption('POTENTIAL_VICTIM_SELF');
    await form.getByLabel('Contact class').selectOption('CRISIS');
    await form.getByRole('group', { name: 'Reasons' }).getByLabel('Help to get out').check();
    await form.getByLabel('Notes').fill('Works on a farm in the province of Latina; passport held by the employer.');
    await form.getByRole('button', { name: 'Save record' }).click();
    await operator.getByTestId('record-status').getByText('Record saved').waitFor({ timeout: 5000 });
    await shot(operator, '2-live-call');
    await shot(caller, '2-softphone-connected');

    // The caller hangs up: the console shows the call ended, with its duration.
    await caller.getByRole('button', { name: 'Hang up' }).click();
    await operator.getByTestId('call-ended').waitFor({ timeout: 10_000 });
    expect(await operator.getByTestId('call-ended').innerText()).to.match(/\d+:\d{2}/);
    await operator.getByRole('button', { name: 'Done' }).click();

    await operator.getByRole('link', { name: 'Contacts' }).click();
    const rows = operator.getByTestId('contact-row');
    await rows.first().waitFor({ timeout: 5000 });
    expect(await rows.count()).to.equal(1);
    await shot(operator, '3-contacts');
    const row = await rows.first().innerText();
    expect(row).to.contain('English');
    await rows.first().getByRole('link').click();
    await operator.getByTestId('record-notes').getByText('passport held by the employer', { exact: false }).waitFor({ timeout: 5000 });
    expect(errors).to.deep.equal([]);
  });
});
