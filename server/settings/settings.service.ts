import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import { DEFAULT_IVR_SETTINGS, IvrSettings, type OnCallEntry, type OnCallTable } from '../contracts/settings.js';
import type { Logger } from '../log.js';
import type { Actor } from '../users/actor.js';
import { OnCallNumber } from './oncall-number.entity.js';
import { Setting } from './setting.entity.js';

const IVR_KEY = 'ivr';

/**
 * Settings admins edit in the console: the IVR's wait limits and the territorial on-call table.
 * Read from the database on every use, so the next call follows a change without a restart.
 */
export class SettingsService {
  constructor(private readonly deps: { db: DataSource; now: () => Date; log: Logger; nationalOnCall: string }) {}

  async ivr(): Promise<IvrSettings> {
    const row = await this.deps.db.getRepository(Setting).findOneBy({ key: IVR_KEY });
    if (!row) return DEFAULT_IVR_SETTINGS;
    // A stored value from an older version may lack a newer field: the default fills it.
    const parsed = IvrSettings.safeParse({ ...DEFAULT_IVR_SETTINGS, ...(JSON.parse(row.value) as object) });
    return parsed.success ? parsed.data : DEFAULT_IVR_SETTINGS;
  }

  async setIvr(actor: Actor, value: IvrSettings): Promise<IvrSettings> {
    await this.deps.db.getRepository(Setting).save({ key: IVR_KEY, value: JSON.stringify(value), updatedAt: this.deps.now(), updatedById: actor.userId });
    this.deps.log.info('ivr settings changed', { userId: actor.userId, ...value });
    return value;
  }

  async onCallTable(): Promise<OnCallTable> {
    const rows = await this.deps.db.getRepository(OnCallNumber).find({ order: { region: 'ASC', position: 'ASC' } });
    return { items: rows.map((r) => ({ region: r.region, number: r.number, label: r.label, active: r.active })) };
  }

  async replaceOnCallTable(actor: Actor, table: OnCallTable): Promise<OnCallTable> {
    const positions = new Map<string, number>();
    const rows = table.items.map((e: OnCallEntry) => {
      const key = e.region ?? '';
      const position = positions.get(key) ?? 0;
      positions.set(key, position + 1);
      return { id: randomUUID(), region: e.region, position, number: e.number, label: e.label, active: e.active };
    });
    await this.deps.db.transaction(async (tx) => {
      await tx.getRepository(OnCallNumber).createQueryBuilder().delete().execute();
      if (rows.length) await tx.getRepository(OnCallNumber).insert(rows);
    });
    this.deps.log.info('on-call table changed', { userId: actor.userId, rows: rows.length });
    return this.onCallTable();
  }

  /**
   * The numbers to try, in order, for a caller from `region`: that region's on-call first, then the
   * national ones; with an empty table, the configured ONCALL_NUMBER.
   */
  async onCallNumbersFor(region: string | null): Promise<string[]> {
    const repo = this.deps.db.getRepository(OnCallNumber);
    const [regional, national] = await Promise.all([
      region ? repo.find({ where: { region, active: true }, order: { position: 'ASC' } }) : Promise.resolve([]),
      repo.find({ where: { region: IsNull(), active: true }, order: { position: 'ASC' } }),
    ]);
    const numbers = [...regional, ...national].map((r) => r.number);
    return numbers.length ? [...new Set(numbers)] : [this.deps.nationalOnCall];
  }
}
