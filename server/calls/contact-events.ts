import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ContactEventKind } from '../contracts/contacts.js';
import { ContactEvent } from './contact-event.entity.js';

/** Appends one event to a contact's timeline (an interpreter brought in, a call reassigned…). */
export async function addContactEvent(
  db: Pick<EntityManager, 'getRepository'>,
  e: { contactId: string; kind: ContactEventKind; actorId: string | null; detail: string | null; at: Date },
): Promise<void> {
  await db.getRepository(ContactEvent).insert({ id: randomUUID(), ...e });
}
