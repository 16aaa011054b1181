import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { BLOCK_REASONS } from '../contracts/blocks.js';

export type BlockReason = (typeof BLOCK_REASONS)[number];

/**
 * A nuisance caller, blocked by a supervisor: by the keyed HMAC of the number (never the number),
 * with a reason and an expiry. A blocked caller who presses 9 (danger) still gets through.
 */
@Entity('caller_blocks')
@Index('IDX_caller_blocks_hash', ['callerHash', 'expiresAt'])
export class CallerBlock {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) callerHash!: string;
  @Column({ type: 'varchar', length: 32 }) reason!: BlockReason;
  /** The contact the block was made from: what the supervisor saw. */
  @Column({ type: 'varchar', length: 36 }) contactId!: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ type: 'varchar', length: 36 }) createdById!: string;
  @Column({ type: 'datetime', precision: 3 }) expiresAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) liftedAt!: Date | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) liftedById!: string | null;
}
