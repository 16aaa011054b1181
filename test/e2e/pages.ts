import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/env.js';

/** E2E_SCREENSHOTS=1 keeps pictures of each step in test-results/ (git-ignored), to look at by eye. */
export async function shot(page: Page, name: string): Promise<void> {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}

/** Signs in through the form, as a person would, and waits for the signed-in header. */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(base + '/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Collects uncaught page errors, to assert there were none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Every API answer the page receives from now on, to prove a caller's number never reaches the browser. */
export function recordApiBodies(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/api/')) res.text().then((b) => bodies.push(b), () => undefined);
  });
  return bodies;
}

/** The operator clicks Available on their console and waits for the server to confirm it. */
export async function goAvailable(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Available' }).click();
  await page.locator('[data-testid="my-state"][data-state="available"]').waitFor({ timeout: 5000 });
}

/** The operator accepts the call offered on their console and waits for the live call panel. */
export async function takeOfferedCall(page: Page): Promise<Locator> {
  const offer = page.getByTestId('offer');
  await offer.waitFor({ timeout: 10_000 });
  await offer.getByRole('button', { name: 'Accept' }).click();
  const live = page.locator('[data-testid="live-call"][data-phase="live"]');
  await live.waitFor({ timeout: 10_000 });
  return live;
}

/** Answers one question of the triage form (a radio group) by clicking its label, as a person would. */
export async function answer(question: Locator, label: 'Yes' | 'No' | 'Unknown' | 'Not asked'): Promise<void> {
  await question.getByText(label, { exact: true }).click();
  if (!(await question.getByRole('radio', { name: label, exact: true }).isChecked())) throw new Error(`"${label}" was not chosen`);
}
