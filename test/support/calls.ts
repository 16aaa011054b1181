import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import type { SimCall } from '../../ivr/simulator/simulator.js';
import { Contact } from '../../server/calls/contact.entity.js';
import { createTwilioClient } from '../../ivr/twilio/rest-client.js';
import type { TestApp } from './app.js';
import { eventually } from './http.js';

/** Places a simulated call and answers the menus with these keys, one per menu; resolves when the caller holds. */
export async function callAndQueue(app: TestApp, keys: string[]): Promise<SimCall> {
  const call = await app.running.simulator!.placeCall();
  for (let i = 0; i < keys.length; i++) {
    await eventually(() => call.events.filter((e) => e.kind === 'gather').length > i, 5000, `menu ${i + 1}`);
    call.press(keys[i]!);
  }
  await call.waitFor((e) => e.kind === 'enqueue');
  return call;
}

/**
 * Places a simulated call, presses `language` then `purpose`, and resolves once the contact has
 * left the IVR (queued, or already offered) — without waiting for the hold music, for browser tests.
 */
export async function queuedContact(app: TestApp, language: string, purpose: string): Promise<{ call: SimCall; contactId: string }> {
  const call = await app.running.simulator!.placeCall();
  const gathers = () => call.events.filter((e) => e.kind === 'gather').length;
  await eventually(() => gathers() >= 1, 10_000, 'the language menu');
  call.press(language);
  await eventually(() => gathers() >= 2, 10_000, 'the purpose menu');
  call.press(purpose);
  const contact = await eventually(async () => {
    const c = await app.running.db.getRepository(Contact).findOneBy({ callSid: call.sid });
    return c && c.status !== 'ivr' ? c : null;
  }, 10_000, 'the call to join the queue');
  return { call, contactId: contact.id };
}

/** Signs a user in, opens their console's socket and makes them available. */
export async function available(app: TestApp, username: string): Promise<Socket> {
  const socket = await (await app.as(username)).socket();
  expect(await socket.timeout(3000).emitWithAck('presence:set', { state: 'available' })).to.deep.equal({ ok: true });
  return socket;
}

/** A contact's conference participants, as Twilio's REST API describes them (here: the simulator's). */
export async function participants(app: TestApp, contactId: string) {
  const t = app.running.config.telephony;
  const client = createTwilioClient({ accountSid: t.accountSid, authToken: t.authToken, apiBaseUrl: `${app.url}/sim/twilio` });
  const [conf] = await client.conferences.list({ friendlyName: `approdo-${contactId}`, status: 'in-progress', limit: 1 });
  return conf ? client.conferences(conf.sid).participants.list() : [];
}
