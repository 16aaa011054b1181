import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Contact } from '../../server/calls/contact.entity.js';
import { User } from '../../server/users/user.entity.js';

export const userId = async (db: DataSource, username: string) => (await db.getRepository(User).findOneByOrFail({ username })).id;

/** A contact as the IVR and routing would leave it, written directly: for tests of the API alone. */
export async function contactRow(db: DataSource, o: Partial<Contact> = {}): Promise<Contact> {
  const row = db.getRepository(Contact).create({
    id: randomUUID(), callSid: 'CA' + randomBytes(16).toString('hex'), callerHash: null, status: 'completed', ivrStep: 'queue',
    ivrAttempts: 0, language: 'it', purpose: 'SELF', danger: false, cannotTalkFreely: false, priority: 10,
    startedAt: new Date(), queuedAt: new Date(), offeredToId: null, offerExpiresAt: null, declinedBy: [], answeredById: null,
    answeredAt: new Date(), operatorCallSid: null, endedAt: new Date(), durationSeconds: 60, callerType: null, pertinence: null,
    contactClass: null, reasons: null, outcomes: null, notesCipher: null, recordSavedAt: null, recordSavedById: null, ...o,
  });
  await db.getRepository(Contact).insert(row);
  return row;
}

/** `n` callers waiting in the queue, written directly (oldest first, a millisecond apart). */
export async function queuedContacts(db: DataSource, n: number, o: (i: number) => Partial<Contact> = () => ({})): Promise<string[]> {
  const base = Date.now() - 1000;
  const rows = Array.from({ length: n }, (_, i) => db.getRepository(Contact).create({
    id: randomUUID(), callSid: 'CA' + randomBytes(16).toString('hex'), callerHash: null, status: 'queued', ivrStep: 'queue',
    ivrAttempts: 0, language: 'it', purpose: 'SELF', danger: false, cannotTalkFreely: false, priority: 10, minor: false,
    startedAt: new Date(base), queuedAt: new Date(base + i), offeredToId: null, offerExpiresAt: null, declinedBy: [], answeredById: null,
    answeredAt: null, operatorCallSid: null, endedAt: null, durationSeconds: null, region: null, callbackCipher: null, callbackExpiresAt: null,
    messageAt: null, messageUrl: null, messageSeconds: null, callerType: null, pertinence: null, contactClass: null, reasons: null,
    outcomes: null, notesCipher: null, recordSavedAt: null, recordSavedById: null, callbackOfId: null, callbackById: null, callbackAt: null, transferToId: null, transferCallSid: null, ...o(i),
  }));
  for (let i = 0; i < rows.length; i += 200) await db.getRepository(Contact).insert(rows.slice(i, i + 200));
  return rows.map((r) => r.id);
}
