import { BLOCK_REASONS } from '../contracts.js';

export type BlockReason = (typeof BLOCK_REASONS)[number];
export { BLOCK_REASONS };

/** The durations a supervisor picks from; the server takes any whole number of days from 1 to 365. */
export const BLOCK_DAYS = [1, 7, 30, 90, 365] as const;
export type BlockDays = (typeof BLOCK_DAYS)[number];
export const DEFAULT_BLOCK_DAYS: BlockDays = 7;

export const isBlockReason = (value: string): value is BlockReason => (BLOCK_REASONS as readonly string[]).includes(value);
export const isBlockDays = (value: number): value is BlockDays => (BLOCK_DAYS as readonly number[]).includes(value);
