import { z } from 'zod';

export const BLOCK_REASONS = ['NUISANCE', 'ABUSIVE', 'SILENT_REPEATED', 'PRANK', 'OTHER'] as const;

/** Block the number behind a contact (the supervisor never sees the number, nor its hash). */
export const BlockInput = z.object({
  contactId: z.uuid(),
  reason: z.enum(BLOCK_REASONS),
  days: z.number().int().min(1).max(365),
});
export type BlockInput = z.infer<typeof BlockInput>;

export const BlockParams = z.object({ blockId: z.uuid() });

/** `POST /api/blocks` → 201. */
export const BlockCreated = z.object({ id: z.string(), expiresAt: z.string() });
export type BlockCreated = z.infer<typeof BlockCreated>;

export const BlockView = z.object({
  id: z.string(),
  contactId: z.string(),
  reason: z.enum(BLOCK_REASONS),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string(),
});
export type BlockView = z.infer<typeof BlockView>;
export const BlockList = z.object({ items: z.array(BlockView) });
export type BlockList = z.infer<typeof BlockList>;
