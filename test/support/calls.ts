import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import type { SimCall } from '../../ivr/simulator/simulator.js';
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
