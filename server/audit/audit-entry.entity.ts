import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The audit log: append-only, each row chained to the one before by a SHA-256 over its contents and
 * the previous hash, so an edited or deleted row breaks the chain (`npm run audit:verify`). Ids and
 * enums only: never a number, a name or a note.
 */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @Column({ type: 'datetime', precision: 3 }) at!: Date;
  @Column({ type: 'varchar', length: 36, nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 64 }) action!: string;
  @Column({ type: 'varchar', length: 32 }) subjectType!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) subjectId!: string | null;
  @Column({ type: 'text', nullable: true }) detail!: string | null;
  @Column({ type: 'varchar', length: 64 }) prevHash!: string;
  @Column({ type: 'varchar', length: 64 }) hash!: string;
}

/** One row, id 1: the chain's head. Appends lock it, so nodes append one at a time. */
@Entity('audit_head')
export class AuditHead {
  @PrimaryColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'integer' }) seq!: number;
  @Column({ type: 'varchar', length: 64 }) hash!: string;
}
