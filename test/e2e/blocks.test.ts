import { resolve } from 'node:path';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import type { SimCall, SimEvent } from '../../ivr/simulator/simulator.js';
import { CATALOGUES } from '../../ivr/prompts/catalogue.js';
import { Contact } from '../../server/calls/contact.entity.js';
import { useTestApp } from '../support/app.js';
import { eventually } from '../support/http.js';
import { useChromium } from './browser.js';
import { pageErrors, recordApiBodies, shot, signIn } from './pages.js';

const NUMBER = '+393330009999';
const DAY = 86_400_000;
const said = (call: SimCall) => call.events.filter((e): e is Extract<SimEvent, { kind: 'say' }> => e.kind === 'say').map((e) => e.text);
const hungUpBy = (call: SimCall) => call.events.find((e): e is Extract<SimEvent, { kind: 'hangup' }> => e.kind === 'hangup')?.by;
const isFocused = (page: Page, name: string) => page.evaluate((n) => document.activeElement?.textContent?.trim() === n, name);

describe('the console in Chromium: blocking a nuisance caller', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' }, { consoleDir: resolve('dist/console') });
  const sim = () => app.running.simulator!;
  const chromium = useChromium();
  let contexts: BrowserContext[] = [];

  // Closed while the app still runs, so the server sees each console leave with its database open.
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    contexts = [];
  });

  async function newPage(): Promise<Page> {
    const context = await chromium.browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  /** A call that reaches the first menu, then hangs up: the contact a supervisor blocks from. */
  async function shortCall(from: string): Promise<Contact> {
    const call = await sim().placeCall({ from });
    await call.waitFor((e) => e.kind === 'gather');
    call.hangup();
    await call.ended();
    return eventually(() => app.running.db.getRepository(Contact).findOneBy({ callSid: call.sid }), 5000, 'the contact');
  }

  async function openContact(page: Page, contactId: string): Promise<void> {
    await page.goto(`${app.url}/contacts/${contactId}`);
    await page.getByTestId('contact-status').waitFor({ timeout: 5000 });
  }

  it('a supervisor blocks a number for 7 days from its contact; the caller then hears one sentence and is hung up on, until the block is lifted', async function () {
    this.timeout(60_000);
    const contact = await shortCall(NUMBER);

    const page = await newPage();
    const errors = pageErrors(page);
    const bodies = recordApiBodies(page);
    await signIn(page, app.url, 'supervisor');
    await openContact(page, contact.id);

    const section = page.getByTestId('block-section');
    await section.getByRole('heading', { level: 2, name: 'Block this number' }).waitFor();
    await section.getByText('The caller will hear that this line cannot take their call — but pressing 9 for danger always gets through. The block expires by itself.').waitFor();
    const form = section.getByRole('form', { name: 'Block this number' });
    await form.waitFor({ timeout: 5000 });
    const reason = form.getByLabel('Reason');
    const duration = form.getByLabel('Duration');
    expect(await duration.inputValue()).to.equal('7');
    expect(await reason.locator('option').allInnerTexts()).to.deep.equal(
      ['Choose a reason…', 'Nuisance calls', 'Abusive to staff', 'Repeated silent calls', 'Prank calls', 'Other'],
    );
    expect(await duration.locator('option').allInnerTexts()).to.deep.equal(['1 day', '7 days', '30 days', '90 days', '365 days']);

    // No reason chosen: refused next to the field, nothing sent.
    await form.getByRole('button', { name: 'Block', exact: true }).click();
    await form.getByText('Choose a reason.').waitFor();
    expect(await reason.getAttribute('aria-invalid')).to.equal('true');
    expect(await reason.evaluate((el) => el === document.activeElement)).to.equal(true);

    // By keyboard: the reason, then Block asks first; Escape steps back without blocking.
    await reason.selectOption({ label: 'Nuisance calls' });
    expect(await reason.getAttribute('aria-invalid')).to.equal(null);
    await form.getByRole('button', { name: 'Block', exact: true }).focus();
    await page.keyboard.press('Enter');
    const confirmStep = form.getByRole('group', { name: 'Block for 7 days?' });
    await confirmStep.waitFor();
    expect(await isFocused(page, 'Confirm')).to.equal(true);
    await page.keyboard.press('Escape');
    await confirmStep.waitFor({ state: 'detached' });
    expect(await isFocused(page, 'Block')).to.equal(true);
    expect((await (await app.as('supervisor')).get('/api/blocks')).body.items).to.deep.equal([]);

    await page.keyboard.press('Enter');
    await confirmStep.getByRole('button', { name: 'Cancel' }).waitFor();
    await shot(page, 'blocks-1-confirm');
    await page.keyboard.press('Enter'); // Confirm has focus
    const status = section.getByTestId('block-status');
    await section.locator('[data-testid="block-status"][data-state="blocked"]').waitFor({ timeout: 5000 });
    expect(await status.innerText()).to.match(/^Blocked until \d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}$/);
    expect(await status.evaluate((el) => el === document.activeElement)).to.equal(true);
    expect(await section.getByRole('form').count()).to.equal(0);
    await shot(page, 'blocks-2-blocked');

    const blocks = (await (await app.as('supervisor')).get('/api/blocks')).body.items as { id: string; contactId: string; reason: string; expiresAt: string }[];
    expect(blocks).to.have.length(1);
    expect(blocks[0]).to.include({ contactId: contact.id, reason: 'NUISANCE' });
    expect(Date.parse(blocks[0]!.expiresAt) - Date.now()).to.be.within(7 * DAY - 60_000, 7 * DAY + 1000);

    // A reload still says so: the page asks the server, not its memory.
    await page.reload();
    await section.locator('[data-testid="block-status"][data-state="blocked"]').waitFor({ timeout: 5000 });

    // The same number calls again: one short sentence (9 still offered), then the line hangs up.
    const blocked = await sim().placeCall({ from: NUMBER });
    await blocked.ended();
    expect(said(blocked)[0]).to.equal(CATALOGUES.it.blocked);
    expect(said(blocked)).to.not.include(CATALOGUES.it.welcome);
    expect(hungUpBy(blocked)).to.not.equal('caller');

    // The Blocked numbers page: the block, who made it, and a way back to the contact.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blocks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Blocked numbers' }).waitFor();
    const table = page.getByRole('table', { name: 'Blocked numbers' });
    const row = table.locator(`[data-testid="block-row"][data-block-id="${blocks[0]!.id}"]`);
    await row.waitFor({ timeout: 5000 });
    expect(await table.getByTestId('block-row').count()).to.equal(1);
    const text = await row.innerText();
    expect(text).to.contain('Nuisance calls').and.contain('Supervisor');
    expect(await row.getByRole('link').getAttribute('href')).to.equal(`/contacts/${contact.id}`);
    await shot(page, 'blocks-3-list');

    // Lifting asks first; Cancel keeps the block.
    await row.getByRole('button', { name: 'Lift block' }).click();
    const lift = row.getByRole('group', { name: 'Lift this block?' });
    await lift.getByRole('button', { name: 'Cancel' }).click();
    await row.getByRole('button', { name: 'Lift block' }).click();
    await lift.getByRole('button', { name: 'Confirm' }).click();
    await row.waitFor({ state: 'detached', timeout: 5000 });
    await page.getByTestId('blocks-news').getByText('Block lifted: the number can call again.').waitFor();
    await page.getByTestId('blocks-empty').getByText('No numbers are blocked.').waitFor();
    expect((await (await app.as('supervisor')).get('/api/blocks')).body.items).to.deep.equal([]);

    // Lifted: the number hears the normal welcome again.
    const again = await sim().placeCall({ from: NUMBER });
    await again.waitFor((e) => e.kind === 'gather');
    expect(said(again)[0]).to.equal(CATALOGUES.it.welcome);
    again.hangup();
    await again.ended();

    // The supervisor never saw the number, on the page or in any answer.
    const digits = NUMBER.slice(3);
    expect(await page.content()).to.not.contain(digits);
    expect(bodies.length).to.be.greaterThan(0);
    for (const body of bodies) expect(body).to.not.contain(digits);
    expect(errors).to.deep.equal([]);
  });

  it('a withheld number has nothing to block', async function () {
    this.timeout(30_000);
    const contact = await shortCall('anonymous');
    const page = await newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'supervisor');
    await openContact(page, contact.id);
    const section = page.getByTestId('block-section');
    await section.locator('[data-testid="block-status"][data-state="withheld"]').waitFor({ timeout: 5000 });
    expect(await section.getByTestId('block-status').innerText()).to.equal('The number was withheld: there is nothing to block.');
    expect(await section.getByRole('button').count()).to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('in Italian: a supervisor blocks for 30 days and lifts the block', async function () {
    this.timeout(60_000);
    const contact = await shortCall('+393330008888');
    const page = await newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'supervisor');
    await page.getByRole('button', { name: 'IT' }).click();
    await openContact(page, contact.id);
    const section = page.getByTestId('block-section');
    await section.getByRole('heading', { level: 2, name: 'Blocca questo numero' }).waitFor();
    const form = section.getByRole('form', { name: 'Blocca questo numero' });
    await form.waitFor({ timeout: 5000 });
    expect(await form.getByLabel('Motivo').locator('option').allInnerTexts()).to.deep.equal(
      ['Scegli un motivo…', 'Chiamate moleste', 'Offensivo verso il personale', 'Chiamate mute ripetute', 'Scherzi telefonici', 'Altro'],
    );
    await form.getByLabel('Motivo').selectOption({ label: 'Scherzi telefonici' });
    await form.getByLabel('Durata').selectOption({ label: '30 giorni' });
    await form.getByRole('button', { name: 'Blocca', exact: true }).click();
    const confirmStep = form.getByRole('group', { name: 'Bloccare per 30 giorni?' });
    await confirmStep.getByRole('button', { name: 'Conferma' }).click();
    await section.locator('[data-testid="block-status"][data-state="blocked"]').waitFor({ timeout: 5000 });
    expect(await section.getByTestId('block-status').innerText()).to.match(/^Bloccato fino al /);
    const [block] = (await (await app.as('supervisor')).get('/api/blocks')).body.items as { reason: string; expiresAt: string }[];
    expect(block).to.include({ reason: 'PRANK' });
    expect(Date.parse(block!.expiresAt) - Date.now()).to.be.within(30 * DAY - 60_000, 30 * DAY + 1000);

    await section.getByRole('link', { name: 'Tutti i numeri bloccati' }).click();
    await page.getByRole('heading', { level: 1, name: 'Numeri bloccati' }).waitFor();
    const row = page.getByRole('table', { name: 'Numeri bloccati' }).getByTestId('block-row');
    expect(await row.innerText()).to.contain('Scherzi telefonici');
    await row.getByRole('button', { name: 'Revoca il blocco' }).click();
    await row.getByRole('group', { name: 'Revocare questo blocco?' }).getByRole('button', { name: 'Conferma' }).click();
    await page.getByText('Nessun numero bloccato.').waitFor({ timeout: 5000 });
    // With no row left, focus goes to the page heading.
    expect(await page.evaluate(() => document.activeElement?.tagName)).to.equal('H1');
    await page.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: 'Blocchi' }).waitFor();
    expect(errors).to.deep.equal([]);
  });

  it('an operator sees neither the block section nor the Blocks link', async function () {
    this.timeout(60_000);
    const operator = await newPage();
    const errors = pageErrors(operator);
    await signIn(operator, app.url, 'operator1');
    expect(await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blocks' }).count()).to.equal(0);

    // A contact the operator may see: one they answered.
    await operator.getByRole('button', { name: 'Available' }).click();
    await operator.locator('[data-testid="my-state"][data-state="available"]').waitFor({ timeout: 5000 });
    const call = await sim().placeCall({ from: NUMBER });
    await call.waitFor((e) => e.kind === 'gather');
    call.press('1');
    await eventually(() => call.events.filter((e) => e.kind === 'gather').length >= 2, 5000, 'purpose menu');
    call.press('1');
    const offer = operator.getByTestId('offer');
    await offer.waitFor({ timeout: 10_000 });
    await offer.getByRole('button', { name: 'Accept' }).click();
    await operator.getByTestId('live-call').waitFor({ timeout: 10_000 });
    call.hangup();
    await operator.getByTestId('call-ended').waitFor({ timeout: 10_000 });
    await operator.getByRole('button', { name: 'Done' }).click();
    const contact = await app.running.db.getRepository(Contact).findOneByOrFail({ callSid: call.sid });

    await openContact(operator, contact.id);
    await operator.getByRole('heading', { level: 2, name: 'Call' }).waitFor();
    expect(await operator.getByTestId('block-section').count()).to.equal(0);
    expect(await operator.getByText('Block this number').count()).to.equal(0);
    await operator.goto(`${app.url}/blocks`);
    await operator.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(errors).to.deep.equal([]);
  });
});
