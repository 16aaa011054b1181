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
