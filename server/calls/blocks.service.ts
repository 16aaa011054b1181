import { randomUUID } from 'node:crypto';
import { In, IsNull, MoreThan, type DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import type { BlockInput, BlockList } from '../contracts/blocks.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import type { Logger } from '../log.js';
import type { Actor } from '../users/actor.js';
import { User } from '../users/user.entity.js';
import { CallerBlock } from './block.entity.js';
import { Contact } from './contact.entity.js';

const mayBlock = (a: Actor) => a.role === 'supervisor';

/** Nuisance callers: supervisors block and unblock by the caller's keyed hash; every change audited. */
export class BlocksService {
  constructor(private readonly deps: { db: DataSource; now: () => Date; audit: AuditService; log: Logger }) {}

  /** By the caller's hash, or by its hashes under the current and previous DATA_KEYs (a block outlives a key rotation). */
  async isBlocked(callerHash: string | null | readonly string[]): Promise<boolean> {
    const hashes = callerHash === null ? [] : typeof callerHash === 'string' ? [callerHash] : [...callerHash];
    if (!hashes.length) return false;
    return this.deps.db.getRepository(CallerBlock).existsBy({ callerHash: In(hashes), liftedAt: IsNull(), expiresAt: MoreThan(this.deps.now()) });
  }

  async block(actor: Actor, input: BlockInput): Promise<CallerBlock> {
    const { db, now, audit, log } = this.deps;
    if (!mayBlock(actor)) throw new Forbidden();
    const contact = await db.getRepository(Contact).findOneBy({ id: input.contactId });
    if (!contact) throw new NotFound('contact');
    if (!contact.callerHash) throw new Conflict('The number was withheld: there is nothing to block');
    if (await this.isBlocked(contact.callerHash)) throw new Conflict('This number is already blocked');
    const block: CallerBlock = {
      id: randomUUID(), callerHash: contact.callerHash, reason: input.reason, contactId: contact.id, createdAt: now(),
      createdById: actor.userId, expiresAt: new Date(now().getTime() + input.days * 86_400_000), liftedAt: null, liftedById: null,
    };
    await db.getRepository(CallerBlock).insert(block);
    await audit.record({ actor, action: 'caller.block', subjectType: 'caller_block', subjectId: block.id, detail: { contactId: contact.id, reason: input.reason, days: input.days } });
    log.info('caller blocked', { blockId: block.id, reason: input.reason, days: input.days });
    return block;
  }

  async lift(actor: Actor, blockId: string): Promise<void> {
    const { db, now, audit, log } = this.deps;
    if (!mayBlock(actor)) throw new Forbidden();
    const { affected } = await db.getRepository(CallerBlock).update({ id: blockId, liftedAt: IsNull() }, { liftedAt: now(), liftedById: actor.userId });
    if (affected !== 1) throw new NotFound('active block');
    await audit.record({ actor, action: 'caller.unblock', subjectType: 'caller_block', subjectId: blockId });
    log.info('caller unblocked', { blockId });
  }

  async active(actor: Actor): Promise<BlockList> {
    if (!mayBlock(actor)) throw new Forbidden();
    const rows = await this.deps.db.getRepository(CallerBlock).find({
      where: { liftedAt: IsNull(), expiresAt: MoreThan(this.deps.now()) }, order: { createdAt: 'DESC' }, take: 500,
    });
    const ids = [...new Set(rows.map((r) => r.createdById))];
    const users = ids.length ? await this.deps.db.getRepository(User).find({ where: { id: In(ids) }, select: { id: true, displayName: true } }) : [];
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    return {
      items: rows.map((r) => ({
        id: r.id, contactId: r.contactId, reason: r.reason, createdAt: r.createdAt.toISOString(),
        createdBy: names.get(r.createdById) ?? '', expiresAt: r.expiresAt.toISOString(),
      })),
    };
  }
}
