import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { IndicatorCatalogue } from '../../server/contracts/risk.js';
import { useTestApp } from '../support/app.js';
import { useChromium } from './browser.js';
import { pageErrors, shot, signIn } from './pages.js';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

async function open(page: Page, link: string, heading: string): Promise<void> {
  await nav(page).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('the console in Chromium: indicators, retention and exports', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' }, { consoleDir: resolve('dist/console') });
  const chromium = useChromium();

  it('an admin rewords a question and publishes version 2; a reload and the API show the new words', async function () {
    this.timeout(60_000);
    const page = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'admin');
    await open(page, 'Indicators', 'Indicator catalogue');
    await page.getByText('Published versions stay: an assessment already made keeps the version it was made with.').waitFor();
    expect(await page.getByTestId('catalogue-version').innerText()).to.equal('1');

    const row = page.locator('[data-testid="indicator"][data-code="REC_DECEIVED_JOB"]');
    const question = row.getByLabel('Question (English)');
    const reworded = 'Is the job, the place or the boss not what you were promised?';
    await question.fill(reworded);
    await page.getByTestId('indicators-unsaved').waitFor();
    await page.getByRole('button', { name: 'Publish version 2' }).click();
    await page.getByRole('status').getByText('Published version 2').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('catalogue-version').innerText()).to.equal('2');
    await page.getByRole('button', { name: 'Publish version 3' }).waitFor();
    await shot(page, 'indicators-1-published');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Indicator catalogue' }).waitFor();
    await page.getByTestId('catalogue-version').getByText('2').waitFor();
    expect(await page.locator('[data-testid="indicator"][data-code="REC_DECEIVED_JOB"]').getByLabel('Question (English)').inputValue())
      .to.equal(reworded);

    // What the server holds, read with the page's own session.
    const res = await page.request.get(`${app.url}/api/indicators`);
    expect(res.status()).to.equal(200);
    const catalogue = IndicatorCatalogue.parse(await res.json());
    expect(catalogue.version).to.equal(2);
    expect(catalogue.indicators.find((i) => i.code === 'REC_DECEIVED_JOB')?.question.en).to.equal(reworded);
    // Version 1 stays as it was.
    const first = IndicatorCatalogue.parse((await (await app.as('admin')).get('/api/indicators/1')).body);
    expect(first.indicators.find((i) => i.code === 'REC_DECEIVED_JOB')?.question.en).to.not.equal(reworded);
    expect(errors).to.deep.equal([]);
  });

  it('an admin who publishes after a colleague is told so, and Reload shows the colleague\'s version', async function () {
    this.timeout(60_000);
    const page = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'admin');
    await open(page, 'Indicators', 'Indicator catalogue');
    await page.getByTestId('catalogue-version').getByText('1').waitFor();

    // A colleague publishes version 2 meanwhile.
    const colleague = await app.as('admin');
    const current = IndicatorCatalogue.parse((await colleague.get('/api/indicators')).body);
    expect((await colleague.put('/api/indicators', current)).status).to.equal(200);

    await page.locator('[data-testid="indicator"][data-code="REC_DECEIVED_JOB"]').getByLabel('Label (English)').fill('Lied to about the job');
    await page.getByRole('button', { name: 'Publish version 2' }).click();
    const alert = page.getByTestId('indicators-error');
    await alert.getByText('changed meanwhile', { exact: false }).waitFor({ timeout: 5000 });
    await alert.getByRole('button', { name: 'Reload the catalogue' }).click();
    await page.getByTestId('catalogue-version').getByText('2').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('indicators-error').count()).to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('an admin sets the retention limits and previews the run; the limits survive a reload', async function () {
    this.timeout(60_000);
    const page = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'admin');
    await open(page, 'Retention', 'Retention');

    const limits = page.getByRole('form', { name: 'Limits' });
    const contacts = limits.getByLabel('Contacts without a case (days)');
    const cases = limits.getByLabel('Closed cases (days)');
    expect(await contacts.inputValue()).to.equal('365');
    await contacts.fill('10');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await limits.getByText('Enter a whole number from 30 to 36500.').waitFor({ timeout: 5000 });
    expect(await contacts.getAttribute('aria-invalid')).to.equal('true');
    await contacts.fill('400');
    await cases.fill('2000');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await limits.getByRole('status').getByText('Saved').waitFor({ timeout: 5000 });

    await page.getByRole('button', { name: 'Preview (dry run)' }).click();
    const result = page.locator('[data-testid="retention-result"][data-dry-run="true"]');
    await result.waitFor({ timeout: 10_000 });
    await result.getByText('Would be anonymised:').waitFor();
    for (const key of ['contacts', 'intakes', 'riskAssessments', 'cases', 'casePersons', 'caseNames', 'caseTasks']) {
      expect(await result.getByTestId(`retention-count-${key}`).innerText()).to.match(/^\d+$/);
    }
    await shot(page, 'retention-1-preview');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Retention' }).waitFor();
    expect(await page.getByLabel('Contacts without a case (days)').inputValue()).to.equal('400');
    expect(await page.getByLabel('Closed cases (days)').inputValue()).to.equal('2000');
    expect((await (await app.as('admin')).get('/api/settings/retention')).body).to.deep.equal({ unlinkedContactDays: 400, closedCaseDays: 2000 });
    expect(errors).to.deep.equal([]);
  });

  it('a supervisor downloads the contacts CSV, its header row first', async function () {
    this.timeout(60_000);
    const page = await (await chromium.browser.newContext({ acceptDownloads: true })).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'supervisor');
    await open(page, 'Exports', 'Exports');
    expect(await page.getByLabel('From').inputValue()).to.match(/^\d{4}-\d{2}-01$/);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.getByRole('link', { name: 'Download contacts (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).to.match(/^contacts-.*\.csv$/);
    const path = await download.path();
    const text = await readFile(path, 'utf8');
    const header = text.split(/\r?\n/)[0];
    expect(header).to.contain('startedAt');
    expect(header).to.not.contain('notes');
    expect(errors).to.deep.equal([]);
  });

  it('an operator sees none of the three links, and the addresses show nothing', async function () {
    this.timeout(60_000);
    const page = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'operator1');
    await nav(page).getByRole('link', { name: 'Console' }).waitFor();
    for (const name of ['Indicators', 'Retention', 'Exports']) {
      expect(await nav(page).getByRole('link', { name, exact: true }).count(), name).to.equal(0);
    }
    for (const path of ['/admin/indicators', '/admin/retention', '/exports']) {
      await page.goto(app.url + path);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    }
    expect(errors).to.deep.equal([]);
  });
});
