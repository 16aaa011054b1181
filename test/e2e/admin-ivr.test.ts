import { resolve } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useTestApp } from '../support/app.js';
import { useChromium } from './browser.js';
import { pageErrors, shot, signIn } from './pages.js';

async function openIvr(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'IVR' }).click();
  await page.getByRole('heading', { level: 1, name: 'IVR settings' }).waitFor();
}

describe('the console in Chromium: IVR settings and the on-call table', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' }, { consoleDir: resolve('dist/console') });
  const chromium = useChromium();
  
  it('an admin changes the wait limit and adds national on-call numbers in order; a reload shows them', async function () {
    this.timeout(60_000);
    const page = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'admin');
    await openIvr(page);

    // The limits: each field says what it does; a value out of range is refused next to the field.
    const limits = page.getByRole('form', { name: 'Waiting and call-backs' });
    const wait = limits.getByLabel('Wait limit (seconds)', { exact: true });
    expect(await wait.inputValue()).to.equal('180');
    expect(await wait.getAttribute('min')).to.equal('30');
    expect(await wait.getAttribute('max')).to.equal('3600');
    await limits.getByText('After this long in the queue, the caller goes to the on-call numbers.').waitFor();
    await wait.fill('5');
    await limits.getByRole('button', { name: 'Save settings' }).click();
    await limits.getByText('Enter a whole number from 30 to 3600.').waitFor({ timeout: 5000 });
    expect(await wait.getAttribute('aria-invalid')).to.equal('true');
    expect(await wait.evaluate((el) => el === document.activeElement)).to.equal(true);
    await wait.fill('240');
    await limits.getByRole('button', { name: 'Save settings' }).click();
    await limits.getByRole('status').getByText('Saved').waitFor({ timeout: 5000 });
    expect(await wait.getAttribute('aria-invalid')).to.equal(null);

    // The on-call table: a number not in international form is refused next to it.
    const oncall = page.getByRole('form', { name: 'On-call numbers' });
    await oncall.getByText('No on-call numbers yet', { exact: false }).waitFor();
    await oncall.getByRole('button', { name: 'Add number' }).click();
    const region1 = oncall.getByLabel('Region, row 1');
    expect(await region1.evaluate((el) => el === document.activeElement)).to.equal(true);
    await oncall.getByLabel('Number, row 1').fill('06 1234');
    await oncall.getByLabel('Label, row 1').fill('National on-call A');
    await oncall.getByRole('button', { name: 'Save on-call numbers' }).click();
    await oncall.getByText('Enter an international number, e.g. +390612345678.').waitFor({ timeout: 5000 });
    expect(await oncall.getByLabel('Number, row 1').getAttribute('aria-invalid')).to.equal('true');
    await oncall.getByLabel('Number, row 1').fill('+39 06 1234 5678');

    // A second national number, moved up with the keyboard: it is tried first.
    await oncall.getByRole('button', { name: 'Add number' }).click();
    await oncall.getByLabel('Number, row 2').fill('+390698765432');
    await oncall.getByLabel('Label, row 2').fill('National on-call B');
    await oncall.getByRole('button', { name: 'Move up, row 2' }).focus();
    await page.keyboard.press('Enter');
    expect(await oncall.getByLabel('Label, row 1').inputValue()).to.equal('National on-call B');
    // Focus followed the row to the top, where "Move up" is disabled: it sits on "Move down".
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).to.equal('Move down, row 1');
    await oncall.getByRole('button', { name: 'Save on-call numbers' }).click();
    await oncall.getByRole('status').getByText('Saved').waitFor({ timeout: 5000 });
    await shot(page, 'ivr-1-admin-saved');

    // What the server holds is what the page showed.
    const admin = await app.as('admin');
    expect((await admin.get('/api/settings/ivr')).body).to.include({ waitLimitSeconds: 240 });
    expect((await admin.get('/api/oncall-numbers')).body.items).to.deep.equal([
      { region: null, number: '+390698765432', label: 'National on-call B', active: true },
      { region: null, number: '+390612345678', label: 'National on-call A', active: true },
    ]);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'IVR settings' }).waitFor();
    expect(await page.getByLabel('Wait limit (seconds)', { exact: true }).inputValue()).to.equal('240');
    const reloaded = page.getByRole('form', { name: 'On-call numbers' });
    await reloaded.getByLabel('Number, row 2').waitFor();
    expect(await reloaded.getByLabel('Number, row 1').inputValue()).to.equal('+390698765432');
    expect(await reloaded.getByLabel('Number, row 2').inputValue()).to.equal('+390612345678');
    expect(await reloaded.getByLabel('Region, row 1').inputValue()).to.equal('');
    expect(await reloaded.getByTestId('oncall-row').count()).to.equal(2);

    // In Italian too.
    await page.getByRole('button', { name: 'IT' }).click();
    await page.getByRole('heading', { level: 1, name: 'Impostazioni IVR' }).waitFor();
    await page.getByLabel('Attesa massima (secondi)', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'EN' }).click();
    expect(errors).to.deep.equal([]);
  });

  it('a supervisor sees the settings and the table read-only; an operator has no IVR link', async function () {
    this.timeout(60_000);
    const admin = await app.as('admin');
    await admin.put('/api/settings/ivr', { waitLimitSeconds: 300, dangerWaitLimitSeconds: 45, onCallDialSeconds: 25, callbackRetentionHours: 72 });
    await admin.put('/api/oncall-numbers', { items: [
      { region: null, number: '+390612345678', label: 'National on-call', active: true },
      { region: 'VENETO', number: '+390410000001', label: 'Veneto h24', active: false },
    ] });

    const page = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'supervisor');
    await openIvr(page);
    await page.getByTestId('ivr-read-only').waitFor();
    await page.getByTestId('oncall-table').waitFor();
    expect(await page.getByTestId('ivr-waitLimitSeconds').innerText()).to.equal('300 s');
    expect(await page.getByTestId('ivr-callbackRetentionHours').innerText()).to.equal('72 h');
    const rows = page.getByTestId('oncall-row');
    expect(await rows.count()).to.equal(2);
    const text = await page.getByTestId('oncall-table').innerText();
    expect(text).to.contain('National').and.contain('+390612345678').and.contain('VENETO').and.contain('Not active');
    // Nothing to change: no fields, no Save, no row controls.
    const main = page.getByRole('main');
    expect(await main.getByRole('button').count()).to.equal(0);
    expect(await main.getByRole('textbox').count()).to.equal(0);
    expect(await main.getByRole('spinbutton').count()).to.equal(0);
    await shot(page, 'ivr-2-supervisor');
    expect(errors).to.deep.equal([]);

    const operator = await (await chromium.browser.newContext()).newPage();
    await signIn(operator, app.url, 'operator1');
    expect(await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'IVR' }).count()).to.equal(0);
    await operator.goto(app.url + '/admin/ivr');
    await operator.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  });
});
