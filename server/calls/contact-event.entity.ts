import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ContactEventKind } from '../contracts/contacts.js';

/** One thing that happened on a live contact, by whom: the contact's timeline. */
@Entity('contact_events')
@Index('IDX_contact_events_contact', ['contactId', 'at'])
export class ContactEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) contactId!: string;
  @Column({ type: 'datetime', precision: 3 }) at!: Date;
  @Column({ type: 'varchar', length: 32 }) kind!: ContactEventKind;
  @Column({ type: 'varchar', length: 36, nullable: true }) actorId!: string | null;
  /** Short, never personal: which interpreter line, which colleague. */
  @Column({ type: 'varchar', length: 200, nullable: true }) detail!: string | null;
}
