import { resolve } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ContactIntake } from '../../server/intake/intake.entity.js';
import { useTestApp } from '../support/app.js';
import { queuedContact } from '../support/calls.js';
import { eventually } from '../support/http.js';
import { useChromium } from './browser.js';
import { answer, goAvailable, pageErrors, shot, signIn, takeOfferedCall } from './pages.js';

/** An IMMEDIATE level reaches the supervisors' screens within this long. */
const ALERTED = { timeout: 5000 };
/** The draft saves itself every 3 s while changed: a save shows within this long. */
const SAVED = { timeout: 8000 };

describe('the console in Chromium: triage, immediate risk and cases', () => {
  const app = useTestApp({ SIMULATOR_TIME_SCALE: '0.05' }, { consoleDir: resolve('dist/console') });
  const chromium = useChromium();

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await (await chromium.browser.newContext()).newPage();
    return { page, errors: pageErrors(page) };
  }

  const savedIntake = (contactId: string) => app.running.db.getRepository(ContactIntake).findOneBy({ contactId });

  it('one yes on the danger screen: IMMEDIATE with its reason and the actions, a supervisor alerted and acknowledging, then a case found by its code', async function () {
    this.timeout(120_000);
    const boss = await newPage();
    await signIn(boss.page, app.url, 'supervisor');
    const one = await newPage();
    await signIn(one.page, app.url, 'operator1');
    await goAvailable(one.page);

    // An Italian caller for herself; Operator One takes the call and the triage form opens under the record.
    const { call, contactId } = await queuedContact(app, '1', '1');
    const live = await takeOfferedCall(one.page);
    const intake = live.getByTestId('intake');
    await intake.getByTestId('intake-save-status').getByText('Nothing saved yet').waitFor({ timeout: 5000 });
    const level = intake.getByTestId('risk-level');
    expect(await level.getAttribute('data-level')).to.equal('NOT_ASSESSED');
    expect(await level.getAttribute('role')).to.equal('status');
    // Someone speaking for herself is asked about herself before the situation.
    const sections = await intake.locator('[data-section]').evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    expect(sections).to.deep.equal(['safety', 'danger', 'person', 'situation', 'indicators', 'needs', 'wishes', 'followUp']);

    // Keyboard first: Tab reaches the question's group, the arrow keys move, a number key answers.
    const lockedIn = intake.getByRole('radiogroup', { name: 'Are you locked in, or unable to leave at all?' });
    await lockedIn.getByRole('radio', { name: 'Not asked', exact: true }).focus();
    await one.page.keyboard.press('2');
    expect(await lockedIn.getByRole('radio', { name: 'No', exact: true }).isChecked()).to.equal(true);
    expect(await lockedIn.getByRole('radio', { name: 'No', exact: true }).evaluate((el) => el === document.activeElement)).to.equal(true);
    // A "no" changes nothing in the level.
    await eventually(async () => (await intake.getByTestId('risk-level').getAttribute('aria-busy')) === 'false', 3000, 'the answers scored');
    expect(await level.getAttribute('data-level')).to.not.equal('IMMEDIATE');

    // "Yes": the level turns IMMEDIATE at once, with the rule and the question behind it.
    await answer(lockedIn, 'Yes');
    await intake.locator('[data-testid="risk-level"][data-level="IMMEDIATE"]').waitFor({ timeout: 3000 });
    const reasons = level.getByTestId('risk-reasons');
    expect(await reasons.innerText()).to.contain('At least one yes in the immediate danger questions.')
      .and.contain('Are you locked in, or unable to leave at all?');
    const actions = intake.getByTestId('immediate-actions');
    await actions.waitFor();
    expect(await actions.getAttribute('role')).to.equal('alert');
    expect(await actions.innerText()).to.contain('Call 112 now').and.contain('pronta accoglienza');
    // Saved straight away, not at the next timed save: that is what alerts the supervisors.
    await actions.locator('[data-testid="supervisors-alerted"][data-alerted="true"]').waitFor(ALERTED);
    expect(await actions.innerText()).to.contain('Supervisors have been alerted.');
    expect((await savedIntake(contactId))?.riskLevel).to.equal('IMMEDIATE');
    await shot(one.page, 'intake-1-immediate');

    // The supervisor, on another page of the console, gets the alert with who, why and where.
    const alert = boss.page.locator(`[data-testid="risk-alert"][data-contact-id="${contactId}"]`);
    await alert.waitFor(ALERTED);
    expect(await alert.getAttribute('role')).to.equal('alert');
    const alertText = await alert.innerText();
    expect(alertText).to.contain('Operator One').and.contain('Are you locked in, or unable to leave at all?');
    await shot(boss.page, 'intake-2-alert');

    // They open the contact from the banner (it stays on every page), then acknowledge it.
    await alert.getByRole('link', { name: 'Open the contact' }).click();
    await boss.page.getByRole('heading', { level: 1, name: /Contact/ }).waitFor();
    await boss.page.locator('[data-testid="contact-event"][data-kind="risk_immediate"]').waitFor({ timeout: 5000 });
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await alert.waitFor({ state: 'detached', timeout: 5000 });
    expect(await boss.page.getByTestId('risk-alert').count()).to.equal(0);
    const acknowledged = boss.page.locator('[data-testid="contact-event"][data-kind="risk_alert_acknowledged"]');
    await acknowledged.waitFor({ timeout: 5000 });
    expect(await acknowledged.innerText()).to.contain('Immediate-risk alert acknowledged').and.contain('Supervisor');
    // The supervisor sees the same triage on the contact page.
    await boss.page.getByTestId('intake').locator('[data-testid="risk-level"][data-level="IMMEDIATE"]').waitFor({ timeout: 5000 });

    // An answer given just before the page goes away is not lost: it leaves with the page (keepalive).
    await answer(intake.getByRole('radiogroup', { name: 'Can you speak freely?' }), 'No');
    await one.page.reload();
    await eventually(async () => (await savedIntake(contactId))?.answers.safety.speakFreely === 'NO', 5000, 'the answer saved on pagehide');
    await one.page.reload();
    await intake.getByRole('radiogroup', { name: 'Can you speak freely?' }).getByRole('radio', { name: 'No', exact: true }).waitFor();
    expect(await intake.getByRole('radiogroup', { name: 'Can you speak freely?' }).getByRole('radio', { name: 'No', exact: true }).isChecked()).to.equal(true);
    expect(await intake.getByTestId('risk-level').getAttribute('data-level')).to.equal('IMMEDIATE');

    // The operator makes a case of the call and lands on it: a code, and the risk carried over.
    await intake.getByRole('button', { name: 'Create case' }).click();
    await one.page.waitForURL(/\/cases\/[0-9a-f-]{36}$/, { timeout: 5000 });
    const code = (await one.page.getByTestId('case-code').innerText()).trim();
    expect(code).to.match(/^A-\d{4}-\d{4}$/);
    expect(await one.page.getByTestId('case-risk').getAttribute('data-level')).to.equal('IMMEDIATE');
    expect(await one.page.getByTestId('case-risk').innerText()).to.equal('Immediate danger');
    await one.page.locator(`[data-testid="case-contact"][data-contact-id="${contactId}"]`).waitFor();
    await shot(one.page, 'intake-3-case');

    // And finds it again on the cases page by its code.
    await one.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases', exact: true }).click();
    await one.page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await one.page.getByRole('search').getByLabel('Case code or pseudonym').fill(code.toLowerCase());
    await one.page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    const rows = one.page.getByTestId('case-row');
    await eventually(async () => (await rows.count()) === 1 && (await rows.first().innerText()).includes(code), 5000, 'the case found by its code');
    expect(await rows.first().innerText()).to.contain('Immediate danger').and.contain('Operator One');

    call.hangup();
    expect(one.errors).to.deep.equal([]);
    expect(boss.errors).to.deep.equal([]);
  });

  it('two people edit the same triage form: the later save is refused with the other’s name, never overwriting it', async function () {
    this.timeout(120_000);
    const one = await newPage();
    await signIn(one.page, app.url, 'operator1');
    await goAvailable(one.page);
    const { call, contactId } = await queuedContact(app, '1', '2');
    await takeOfferedCall(one.page);

    // Both open the contact page, where the same form loads at the same version.
    const boss = await newPage();
    await signIn(boss.page, app.url, 'supervisor');
    for (const page of [one.page, boss.page]) {
      await page.goto(`${app.url}/contacts/${contactId}`);
      await page.getByTestId('intake').getByTestId('intake-save-status').getByText('Nothing saved yet').waitFor({ timeout: 5000 });
    }
    // Someone calling about another person: the situation comes before the person.
    const sections = await one.page.getByTestId('intake').locator('[data-section]').evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    expect(sections.slice(0, 4)).to.deep.equal(['safety', 'danger', 'situation', 'person']);

    // The operator answers first; the draft saves itself.
    const mine = one.page.getByTestId('intake');
    await answer(mine.getByRole('radiogroup', { name: 'Can you speak freely?' }), 'No');
    await mine.getByTestId('not-safe-hint').waitFor();
    await mine.getByTestId('intake-save-status').getByText(/^Saved \d{2}:\d{2}$/).waitFor(SAVED);

    // The supervisor, still on the version they read, answers something else: refused, and told why.
    const theirs = boss.page.getByTestId('intake');
    await answer(theirs.getByRole('radiogroup', { name: 'Are you in a safe place right now?' }), 'Yes');
    const conflict = theirs.getByTestId('intake-conflict');
    await conflict.waitFor(SAVED);
    expect(await conflict.getAttribute('role')).to.equal('alert');
    expect(await conflict.innerText()).to.contain('Operator One saved this record at');
    const stored = await savedIntake(contactId);
    expect(stored?.version).to.equal(1);
    expect(stored?.answers.safety).to.deep.equal({ safeToTalk: 'NOT_ASKED', speakFreely: 'NO' });
    await shot(boss.page, 'intake-4-conflict');

    // Reload shows the operator's answers; the supervisor answers again, and this time it is saved.
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await conflict.waitFor({ state: 'detached', timeout: 5000 });
    const speakFreely = theirs.getByRole('radiogroup', { name: 'Can you speak freely?' });
    expect(await speakFreely.getByRole('radio', { name: 'No', exact: true }).isChecked()).to.equal(true);
    await answer(theirs.getByRole('radiogroup', { name: 'Are you in a safe place right now?' }), 'Yes');
    await theirs.getByTestId('intake-save-status').getByText(/^Saved \d{2}:\d{2}$/).waitFor(SAVED);
    const after = await savedIntake(contactId);
    expect(after?.version).to.equal(2);
    expect(after?.answers.safety).to.deep.equal({ safeToTalk: 'YES', speakFreely: 'NO' });

    // The supervisor judges the risk higher than the answers say: a level and a reason, both required.
    const panel = boss.page.getByRole('complementary', { name: 'Risk' });
    await panel.getByRole('button', { name: 'Override the level' }).click();
    await panel.getByLabel('Level').selectOption({ label: 'High' });
    await panel.getByRole('button', { name: 'Apply override' }).click();
    await panel.getByText('Give a reason of at least 3 characters.').waitFor();
    await panel.getByLabel('Reason (required)').fill('Caller whispering, someone shouting nearby');
    await panel.getByRole('button', { name: 'Apply override' }).click();
    await theirs.locator('[data-testid="risk-level"][data-level="HIGH"]').waitFor({ timeout: 3000 });
    expect(await panel.innerText()).to.contain('Overridden: High.').and.contain('Computed from the answers: Not assessed');
    await eventually(async () => (await savedIntake(contactId))?.overrideLevel === 'HIGH', SAVED.timeout, 'the override saved');

    call.hangup();
    expect(one.errors).to.deep.equal([]);
    expect(boss.errors).to.deep.equal([]);
  });
  it('a supervisor works on a case: status, people, safety plan, a task, another case merged in; a second screen follows live', async function () {
    this.timeout(120_000);
    const api = await app.as('supervisor');
    const first = await api.post('/api/cases', {});
    const second = await api.post('/api/cases', {});
    expect([first.status, second.status]).to.deep.equal([201, 201]);
    const { id, code } = first.body as { id: string; code: string };
    const other = second.body as { id: string; code: string };

    const boss = await newPage();
    await signIn(boss.page, app.url, 'supervisor');
    await boss.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases', exact: true }).click();
    await boss.page.getByRole('link', { name: code, exact: true }).click();
    await boss.page.getByTestId('case-code').getByText(code).waitFor({ timeout: 5000 });
    // The same case on a second screen.
    const watcher = await newPage();
    await signIn(watcher.page, app.url, 'supervisor');
    await watcher.page.goto(`${app.url}/cases/${id}`);
    await watcher.page.getByTestId('case-code').getByText(code).waitFor({ timeout: 5000 });

    // Status: chosen in the select, saved once it rests; the other screen follows.
    await boss.page.getByLabel('Status').selectOption({ label: 'Monitoring' });
    await boss.page.locator('[data-testid="case-event"][data-kind="status_changed"]').waitFor({ timeout: 5000 });
    await eventually(async () => (await watcher.page.getByLabel('Status').inputValue()) === 'MONITORING', 5000, 'the status on the second screen');

    // A person with a pseudonym and aliases.
    const people = boss.page.getByRole('region', { name: 'People' });
    await people.getByLabel('Pseudonym').fill('Joy');
    await people.getByLabel('Aliases').fill('Jo, Joyce');
    await people.getByLabel('Under 18').check();
    await people.getByRole('button', { name: 'Save people' }).click();
    await people.getByRole('status').getByText('Saved').waitFor({ timeout: 5000 });
    expect(await boss.page.getByTestId('case').getByText('Minors involved').locator('..').innerText()).to.contain('Yes');

    // The safety plan.
    const plan = boss.page.getByRole('region', { name: 'Safety plan' });
    await plan.getByLabel('Code word').fill('blue umbrella');
    await plan.getByLabel('Safe times to call').fill('Weekdays 10–11');
    await plan.getByRole('button', { name: 'Save safety plan' }).click();
    await plan.getByRole('status').getByText('Saved').waitFor({ timeout: 5000 });
    await eventually(async () => (await watcher.page.getByLabel('Code word').inputValue()) === 'blue umbrella', 5000, 'the plan on the second screen');

    // A task, added then ticked.
    const tasks = boss.page.getByRole('region', { name: 'Tasks' });
    await tasks.getByLabel('New task').fill('Book the assessment interview');
    await tasks.getByRole('button', { name: 'Add task' }).click();
    const task = tasks.getByTestId('case-task').filter({ hasText: 'Book the assessment interview' });
    await task.waitFor({ timeout: 5000 });
    expect(await task.innerText()).to.contain('for Supervisor');
    await task.getByRole('checkbox').check();
    await tasks.locator('[data-testid="case-task"][data-done="true"]').waitFor({ timeout: 5000 });

    // Anonymous consent with names kept is refused, in the server's words; nothing changes.
    await boss.page.getByLabel('Consent').selectOption({ label: 'Anonymous' });
    await boss.page.getByText('An anonymous case holds no names').waitFor({ timeout: 5000 });
    await eventually(async () => (await boss.page.getByLabel('Consent').inputValue()) === 'CONFIDENTIAL', 5000, 'the consent back to the saved one');

    // The second case is the same person: merged in by its code.
    const merge = boss.page.getByRole('region', { name: 'Merge another case into this one' });
    await merge.getByLabel('Code of the other case').fill(other.code);
    await merge.getByRole('button', { name: 'Find' }).click();
    await merge.getByTestId('merge-confirm').getByText(`Merge ${other.code} into ${code}?`).waitFor({ timeout: 5000 });
    await merge.getByRole('button', { name: 'Merge', exact: true }).click();
    await boss.page.getByTestId('case-merged-from').getByRole('link', { name: other.code }).waitFor({ timeout: 5000 });
    await boss.page.locator('[data-testid="case-event"][data-kind="merged_in"]').waitFor();
    await shot(boss.page, 'intake-5-case-worked');

    // The merged case says where its story goes on.
    await boss.page.getByTestId('case-merged-from').getByRole('link', { name: other.code }).click();
    await boss.page.getByTestId('case-merged-into').getByRole('link', { name: code }).waitFor({ timeout: 5000 });

    // The pseudonym's start finds the case.
    await boss.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases', exact: true }).click();
    await boss.page.getByRole('search').getByLabel('Case code or pseudonym').fill('jo');
    await boss.page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await eventually(async () => {
      const rows = await boss.page.getByTestId('case-row').allInnerTexts();
      return rows.length === 1 && rows[0]!.includes(code) && rows[0]!.includes('Monitoring');
    }, 5000, 'the case found by its pseudonym');

    expect(boss.errors).to.deep.equal([]);
    expect(watcher.errors).to.deep.equal([]);
  });
});
