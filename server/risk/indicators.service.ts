import type { DataSource } from 'typeorm';
import { IndicatorDefinition } from '../contracts/risk.js';
import { Conflict, DomainError, NotFound } from '../errors.js';
import type { Actor } from '../users/actor.js';
import { DEFAULT_INDICATORS } from './catalogue.js';
import { IndicatorCatalogue } from './catalogue.entity.js';

export interface Catalogue { version: number; indicators: IndicatorDefinition[] }

/**
 * The indicator catalogue: data in the database, versioned. Version 1 is the default catalogue,
 * published on first use; an admin's edit publishes the next version, and old versions stay so the
 * assessments made with them keep their meaning.
 */
export class IndicatorsService {
  /** Parsed versions, with when each was published. */
  private readonly cache = new Map<number, { publishedAt: number; catalogue: Catalogue }>();

  constructor(private readonly deps: { db: DataSource; now: () => Date }) {}

  async current(): Promise<Catalogue> {
    const [row] = await this.deps.db.getRepository(IndicatorCatalogue).find({ select: { version: true, publishedAt: true }, order: { version: 'DESC' }, take: 1 });
    if (!row) return this.publishDefault();
    // A version never changes once published; its publication time tells a cached copy from a
    // different catalogue that reused the number (a test database wiped between tests).
    const cached = this.cache.get(row.version);
    if (cached && cached.publishedAt === row.publishedAt.getTime()) return cached.catalogue;
    return this.version(row.version);
  }

  async version(version: number): Promise<Catalogue> {
    const row = await this.deps.db.getRepository(IndicatorCatalogue).findOneBy({ version });
    if (!row) throw new NotFound('catalogue version');
    const catalogue = { version, indicators: row.indicators };
    this.cache.set(version, { publishedAt: row.publishedAt.getTime(), catalogue });
    return catalogue;
  }

  /** Publishes the next version; `baseVersion` must be the current one, so two admins never overwrite each other. */
  async publish(actor: Actor, baseVersion: number, indicators: IndicatorDefinition[]): Promise<Catalogue> {
    const codes = indicators.map((i) => i.code);
    const repeated = codes.find((c, i) => codes.indexOf(c) !== i);
    if (repeated) throw new DomainError('invalid_input', `Indicator ${repeated} appears twice`);
    const current = await this.current();
    if (current.version !== baseVersion) throw new Conflict(`The catalogue was changed meanwhile (now version ${current.version}); reload it`);
    try {
      await this.deps.db.getRepository(IndicatorCatalogue).insert({ version: baseVersion + 1, indicators, publishedAt: this.deps.now(), publishedById: actor.userId });
    } catch {
      throw new Conflict('The catalogue was changed meanwhile; reload it');
    }
    return this.version(baseVersion + 1);
  }

  private async publishDefault(): Promise<Catalogue> {
    // Two nodes may race here: the primary key lets one win, the other reads what it wrote.
    await this.deps.db.getRepository(IndicatorCatalogue)
      .insert({ version: 1, indicators: DEFAULT_INDICATORS, publishedAt: this.deps.now(), publishedById: null })
      .catch(() => undefined);
    return this.version(1);
  }
}
