import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { CATALOGUES } from '../../ivr/prompts/catalogue.js';
import type { SimCall, SimEvent } from '../../ivr/simulator/simulator.js';
import { Contact } from '../../server/calls/contact.entity.js';
import { useTestApp } from '../support/app.js';
import { eventually } from '../support/http.js';
import { useChromium } from './browser.js';
import { pageErrors, shot, signIn } from './pages.js';

type Say = Extract<SimEvent, { kind: 'say' }>;
type Gather = Extract<SimEvent, { kind: 'gather' }>;
const said = (call: SimCall) => call.events.filter((e): e is Say => e.kind === 'say').map((e) => e.text);
const gathers = (call: SimCall) => call.events.filter((e): e is Gather => e.kind === 'gather');

const INTERPRETER = '+390699990001';
const RETIRED = '+390600000009';

async function openFromNav(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('the console in Chromium: caller prompts and interpreter lines', () => {
  // One Italian recording, so that the page has a "recorded" prompt to show.
  const audio = mkdtempSync(join(tmpdir(), 'approdo-e2e-prompts-'));
  mkdirSync(join(audio, 'it'));
  writeFileSync(join(audio, 'it', 'goodbye.mp3'), Buffer.from('ID3fake-mp3'));
  const app = useTestApp(
    { SIMULATOR_TIME_SCALE: '0.05', PROMPT_AUDIO_DIR: audio, PROMPT_RECORDED_LANGUAGES: 'it' },
    { consoleDir: resolve('dist/console') },
  );
  const chromium = useChromium();

  /** A caller who rings and listens to the whole greeting, up to the language menu's keys. */
  async function greeting(): Promise<{ call: SimCall; heard: string[] }> {
    const call = await app.running.simulator!.placeCall();
    await eventually(() => gathers(call).length >= 1, 10_000, 'the language menu');
    const heard = said(call);
    call.hangup();
    await call.ended();
    return { call, heard };
  }

  /** Operator One, available in the console. */
  async function availableOperator(): Promise<{ page: Page; errors: string[] }> {
    const page = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'operator1');
    await page.getByRole('button', { name: 'Available' }).click();
    await page.locator('[data-testid="my-state"][data-state="available"]').waitFor({ timeout: 5000 });
    return { page, errors };
  }

  /** A caller presses `language` then `purpose`; the operator accepts the offer and sees the live call. */
  async function takeCall(operator: Page, language: string, purpose = '1'): Promise<{ call: SimCall; contactId: string }> {
    const call = await app.running.simulator!.placeCall();
    await eventually(() => gathers(call).length >= 1, 10_000, 'the language menu');
    call.press(language);
    await eventually(() => gathers(call).length >= 2, 10_000, 'the purpose menu');
    call.press(purpose);
    const offer = operator.getByTestId('offer');
    await offer.waitFor({ timeout: 10_000 });
    await offer.getByRole('button', { name: 'Accept' }).click();
    await operator.getByTestId('live-call').waitFor({ timeout: 10_000 });
    await operator.locator('[data-testid="live-call"][data-phase="live"]').waitFor({ timeout: 10_000 });
    const contact = await app.running.db.getRepository(Contact).findOneByOrFail({ callSid: call.sid });
    return { call, contactId: contact.id };
  }

  async function hangUpAndFinish(operator: Page, call: SimCall): Promise<void> {
    call.hangup();
    await operator.getByTestId('call-ended').waitFor({ timeout: 10_000 });
    await operator.getByRole('button', { name: 'Done' }).click();
  }

  it('an admin rewords the Italian welcome: the next call hears it, and after "Reset to default" the original again; a lost placeholder is refused', async function () {
    this.timeout(60_000);
    const page = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'admin');
    await openFromNav(page, 'Prompts', 'Caller prompts');

    const language = page.getByLabel('Language', { exact: true });
    await language.selectOption('it');
    const list = page.locator('[data-testid="prompt-list"][data-language="it"]');
    await list.waitFor();
    expect(await list.getByTestId('prompt').count()).to.equal(Object.keys(CATALOGUES.it).length);

    // Each prompt shows its default words; a recorded one says so.
    const welcome = list.getByRole('article', { name: 'welcome', exact: true });
    expect(await welcome.getByTestId('prompt-default').innerText()).to.equal(CATALOGUES.it.welcome);
    expect(await welcome.getByTestId('prompt-recorded').count()).to.equal(0);
    await list.getByRole('article', { name: 'goodbye', exact: true }).getByTestId('prompt-recorded').waitFor();

    // A text without the queue position is refused, in the server's words, next to the field.
    const position = list.getByRole('article', { name: 'position', exact: true });
    await position.getByText('Keep: {position}.').waitFor();
    await position.getByRole('button', { name: 'Edit position' }).click();
    const positionText = position.getByLabel('New text');
    expect(await positionText.evaluate((el) => el === document.activeElement)).to.equal(true);
    expect(await positionText.inputValue()).to.equal(CATALOGUES.it.position);
    await positionText.fill('Sei in attesa: resta in linea.');
    await position.getByRole('button', { name: 'Save' }).click();
    await position.getByTestId('prompt-error').getByText('The text must keep the same placeholders as the original: {position}').waitFor({ timeout: 5000 });
    expect(await positionText.getAttribute('aria-invalid')).to.equal('true');
    expect(await positionText.evaluate((el) => el === document.activeElement)).to.equal(true);
    // Escape leaves the editor unsaved; focus returns to Edit.
    await positionText.press('Escape');
    expect(await position.getByRole('button', { name: 'Edit position' }).evaluate((el) => el === document.activeElement)).to.equal(true);
    expect(await position.getByTestId('prompt-edited').count()).to.equal(0);

    // The new welcome, typed and saved.
    const NEW = 'Benvenuto ad Approdo: questa linea è gratuita, anonima e aperta giorno e notte.';
    await welcome.getByRole('button', { name: 'Edit welcome' }).click();
    await welcome.getByLabel('New text').fill(NEW);
    await welcome.getByRole('button', { name: 'Save' }).click();
    await welcome.getByRole('status').getByText('Saved').waitFor({ timeout: 5000 });
    await welcome.getByTestId('prompt-edited').waitFor();
    expect(await welcome.getByTestId('prompt-text').innerText()).to.equal(NEW);
    expect(await language.locator('option:checked').innerText()).to.equal('Italiano (1 edited)');
    await shot(page, 'prompts-1-edited');

    const admin = await app.as('admin');
    const stored = (await admin.get('/api/settings/prompts')).body.items as Array<{ language: string; key: string; text: string | null }>;
    expect(stored.find((i) => i.language === 'it' && i.key === 'welcome')?.text).to.equal(NEW);
    expect(stored.find((i) => i.language === 'it' && i.key === 'position')?.text).to.equal(null);

    // The next caller hears the new words, and not the old ones.
    const edited = await greeting();
    expect(edited.heard).to.include(NEW);
    expect(edited.heard).not.to.include(CATALOGUES.it.welcome);
    expect(edited.heard).to.include(CATALOGUES.en.welcome);

    // Back to the catalogue's words.
    await welcome.getByRole('button', { name: 'Reset to default' }).click();
    await welcome.getByRole('status').getByText('Back to the default').waitFor({ timeout: 5000 });
    expect(await welcome.getByTestId('prompt-edited').count()).to.equal(0);
    expect(await welcome.getByTestId('prompt-text').count()).to.equal(0);
    expect(await language.locator('option:checked').innerText()).to.equal('Italiano');
    const reset = await greeting();
    expect(reset.heard).to.include(CATALOGUES.it.welcome);
    expect(reset.heard).not.to.include(NEW);

    // In Italian too.
    await page.getByRole('button', { name: 'IT', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Annunci per chi chiama' }).waitFor();
    await welcome.getByRole('button', { name: 'Modifica welcome' }).waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    expect(errors).to.deep.equal([]);
  });

  it('a supervisor reads the prompts but cannot change them', async function () {
    this.timeout(60_000);
    const page = await (await chromium.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await signIn(page, app.url, 'supervisor');
    await openFromNav(page, 'Prompts', 'Caller prompts');
    await page.getByTestId('prompts-read-only').waitFor();
    await page.getByTestId('prompt-list').waitFor();
    expect(await page.getByRole('main').getByRole('button').count()).to.equal(0);
    expect(await page.getByRole('main').getByRole('textbox').count()).to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('an admin adds an interpreter line; an operator brings it into a call from a caller who pressed 0, and the contact lists it', async function () {
    this.timeout(60_000);
    const admin = await (await chromium.browser.newContext()).newPage();
    const adminErrors = pageErrors(admin);
    await signIn(admin, app.url, 'admin');
    await openFromNav(admin, 'IVR', 'IVR settings');

    // Spoken "danger" off: the menus then listen for keys only.
    const limits = admin.getByRole('form', { name: 'Waiting and call-backs' });
    const listen = limits.getByLabel('Listen for the spoken word “danger” at the menus');
    expect(await listen.isChecked()).to.equal(true);
    await limits.getByText('the keys always work', { exact: false }).waitFor();
    await listen.uncheck();
    await limits.getByRole('button', { name: 'Save settings' }).click();
    await limits.getByRole('status').getByText('Saved').waitFor({ timeout: 5000 });

    // A retired line first, then the one in use: operators see only active lines.
    const form = admin.getByRole('form', { name: 'Interpreter lines' });
    await form.getByTestId('interpreters-empty').waitFor();
    await form.getByRole('button', { name: 'Add line' }).click();
    expect(await form.getByLabel('Label, row 1').evaluate((el) => el === document.activeElement)).to.equal(true);
    await form.getByLabel('Label, row 1').fill('Old agency');
    await form.getByLabel('Languages, row 1').fill('Tigrinya');
    await form.getByLabel('Number, row 1').fill(RETIRED);
    await form.getByLabel('Active, row 1').uncheck();
    await form.getByRole('button', { name: 'Add line' }).click();
    await form.getByLabel('Label, row 2').fill('Language line');
    await form.getByLabel('Languages, row 2').fill('Bengali, Urdu');
    await form.getByLabel('Number, row 2').fill('06 9999');
    await form.getByRole('button', { name: 'Save interpreter lines' }).click();
    await form.getByText('Enter an international number, e.g. +390612345678.').waitFor({ timeout: 5000 });
    const number2 = form.getByLabel('Number, row 2');
    expect(await number2.getAttribute('aria-invalid')).to.equal('true');
    expect(await number2.evaluate((el) => el === document.activeElement)).to.equal(true);
    await number2.fill('+39 06 9999 0001');
    await form.getByRole('button', { name: 'Save interpreter lines' }).click();
    await form.getByRole('status').getByText('Saved').waitFor({ timeout: 5000 });
    expect(await number2.getAttribute('aria-invalid')).to.equal(null);
    await shot(admin, 'interpreters-1-admin');

    const api = await app.as('admin');
    expect((await api.get('/api/settings/ivr')).body).to.include({ listenForDanger: false });
    expect((await api.get('/api/interpreter-lines')).body.items).to.deep.equal([
      { label: 'Old agency', languages: 'Tigrinya', number: RETIRED, active: false },
      { label: 'Language line', languages: 'Bengali, Urdu', number: INTERPRETER, active: true },
    ]);

    // The caller presses 0 (another language), then 1.
    const { page: operator, errors: operatorErrors } = await availableOperator();
    const { call, contactId } = await takeCall(operator, '0');
    expect(gathers(call)[0].input).to.deep.equal(['dtmf']);
    const live = operator.getByTestId('live-call');
    expect(await live.getByTestId('interpreter-needed').innerText()).to.equal('Interpreter needed: the caller chose another language');
    const line = live.getByLabel('Interpreter line');
    expect(await line.locator('option').allInnerTexts()).to.deep.equal(['Language line — Bengali, Urdu']);
    await live.getByRole('button', { name: 'Add interpreter' }).click();
    await live.getByTestId('interpreter-status').getByText('Interpreter line called: Language line').waitFor({ timeout: 5000 });
    await shot(operator, 'interpreters-2-live');

    // The simulator rings the line's number (never the retired one), into this call's conference.
    const sim = app.running.simulator!;
    const rung = await eventually(() => sim.calls().find((c) => c.to === INTERPRETER), 5000, 'the call to the interpreter line');
    expect(sim.calls().some((c) => c.to === RETIRED)).to.equal(false);
    const joined = await rung.waitFor((e) => e.kind === 'conference' && e.state === 'joined', 10_000);
    expect(joined).to.include({ name: `approdo-${contactId}` });

    await hangUpAndFinish(operator, call);
    await operator.getByRole('link', { name: 'Contacts' }).click();
    const rows = operator.getByTestId('contact-row');
    await rows.first().waitFor({ timeout: 5000 });
    await rows.first().getByRole('link').click();
    const events = operator.getByTestId('contact-event');
    await events.first().waitFor({ timeout: 5000 });
    expect(await events.count()).to.equal(1);
    const cells = await events.first().locator('td').allInnerTexts();
    expect(cells.slice(1)).to.deep.equal(['Interpreter line called', 'Operator One', 'Language line']);
    expect(cells[0]).to.match(/\d{2}:\d{2}:\d{2}/);
    await shot(operator, 'interpreters-3-contact');

    // In Italian too.
    await operator.getByRole('button', { name: 'IT', exact: true }).click();
    await operator.getByRole('heading', { name: 'Durante la chiamata' }).waitFor();
    expect(await events.first().locator('td').nth(1).innerText()).to.equal('Linea interpreti chiamata');
    expect(adminErrors).to.deep.equal([]);
    expect(operatorErrors).to.deep.equal([]);
  });

  it('a line withdrawn during the call is refused in the server’s words, and nothing is rung', async function () {
    this.timeout(60_000);
    const api = await app.as('admin');
    await api.put('/api/interpreter-lines', { items: [{ label: 'Language line', languages: 'any', number: INTERPRETER, active: true }] });
    const { page: operator, errors } = await availableOperator();
    const sim = app.running.simulator!;
    const ringsBefore = sim.calls().filter((c) => c.to === INTERPRETER).length;

    // An Italian caller: no interpreter needed, but one can still be brought in.
    const { call } = await takeCall(operator, '1');
    const live = operator.getByTestId('live-call');
    await live.getByLabel('Interpreter line').waitFor();
    expect(await live.getByTestId('interpreter-needed').count()).to.equal(0);
    await api.put('/api/interpreter-lines', { items: [] });
    await live.getByRole('button', { name: 'Add interpreter' }).click();
    await live.getByTestId('interpreter-error').getByText('The interpreter was not added: No such interpreter line').waitFor({ timeout: 5000 });
    expect(await live.getByTestId('interpreter-status').innerText()).to.equal('');
    expect(sim.calls().filter((c) => c.to === INTERPRETER).length).to.equal(ringsBefore);
    call.hangup();
    await call.ended();
    expect(errors).to.deep.equal([]);
  });

  it('with no interpreter lines, the live panel of a caller who pressed 0 says an administrator can add them', async function () {
    this.timeout(60_000);
    const { page: operator, errors } = await availableOperator();
    const { call } = await takeCall(operator, '0');
    const live = operator.getByTestId('live-call');
    await live.getByTestId('interpreter-needed').waitFor();
    await live.getByTestId('interpreter-none')
      .getByText('No interpreter lines are available: an administrator can add them in the IVR settings.').waitFor({ timeout: 5000 });
    expect(await live.getByRole('button', { name: 'Add interpreter' }).count()).to.equal(0);
    await operator.getByRole('button', { name: 'IT', exact: true }).click();
    await live.getByText('Serve un interprete: chi chiama ha scelto un’altra lingua').waitFor();
    call.hangup();
    await call.ended();
    expect(errors).to.deep.equal([]);
  });
});
