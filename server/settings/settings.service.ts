import { randomUUID } from 'node:crypto';
import { In, IsNull, Like, type DataSource } from 'typeorm';
import { CATALOGUES, placeholdersOf, type PromptKey, type PromptTexts, type SpokenLanguage } from '../../ivr/prompts/catalogue.js';
import type { Recordings } from '../../ivr/prompts/recordings.js';
import type { VoiceSettings } from '../../ivr/twiml.js';
import {
  DEFAULT_IVR_SETTINGS, InterpreterTable, IvrSettings, type OnCallEntry, type OnCallTable, type PromptItem, type PromptList,
} from '../contracts/settings.js';
import { DEFAULT_ROUTING_SETTINGS, RoutingSettings } from '../contracts/routing.js';
import { DomainError, NotFound } from '../errors.js';
import type { Logger } from '../log.js';
import type { Actor } from '../users/actor.js';
import { OnCallNumber } from './oncall-number.entity.js';
import { Setting } from './setting.entity.js';

const IVR_KEY = 'ivr';
/** One row per edited prompt, `prompt:<language>:<key>`: two admins editing two prompts never overwrite each other. */
const PROMPT_PREFIX = 'prompt:';
const INTERPRETERS_KEY = 'interpreters';
const ROUTING_KEY = 'routing';

/** What changed, for whoever must follow it at once (the TwiML renderer of this node). */
export type SettingsChange = 'ivr' | 'prompts' | 'interpreters' | 'oncall' | 'routing';

/**
 * Settings admins and supervisors edit in the console: the IVR's limits, the prompts callers hear,
 * the territorial on-call table, the interpreter lines and routing's widening and wrap-up. Read from
 * the database on use (the prompts: by the TwiML renderer on every change and every few ticks), so
 * the next call follows a change without a restart.
 */
export class SettingsService {
  constructor(private readonly deps: {
    db: DataSource; now: () => Date; log: Logger; nationalOnCall: string;
    recordings?: Recordings;
    changed?: (what: SettingsChange) => void;
  }) {}

  private async read(key: string): Promise<unknown> {
    const row = await this.deps.db.getRepository(Setting).findOneBy({ key });
    return row ? JSON.parse(row.value) as unknown : null;
  }

  private async write(actor: Actor, key: string, value: unknown): Promise<void> {
    await this.deps.db.getRepository(Setting).save({ key, value: JSON.stringify(value), updatedAt: this.deps.now(), updatedById: actor.userId });
  }

  private notify(what: SettingsChange): void {
    this.deps.changed?.(what);
  }

  async ivr(): Promise<IvrSettings> {
    const row = await this.deps.db.getRepository(Setting).findOneBy({ key: IVR_KEY });
    if (!row) return DEFAULT_IVR_SETTINGS;
    // A stored value from an older version may lack a newer field: the default fills it.
    const parsed = IvrSettings.safeParse({ ...DEFAULT_IVR_SETTINGS, ...(JSON.parse(row.value) as object) });
    return parsed.success ? parsed.data : DEFAULT_IVR_SETTINGS;
  }

  async setIvr(actor: Actor, value: IvrSettings): Promise<IvrSettings> {
    await this.write(actor, IVR_KEY, value);
    this.deps.log.info('ivr settings changed', { userId: actor.userId, ...value });
    this.notify('ivr');
    return value;
  }

  // ——— What the caller hears ———

  /** Prompt texts admins changed; a stored text whose key no longer exists is ignored. */
  async promptTexts(): Promise<PromptTexts> {
    const rows = await this.deps.db.getRepository(Setting).findBy({ key: Like(`${PROMPT_PREFIX}%`) });
    const out: PromptTexts = {};
    for (const row of rows) {
      const [, language, key] = row.key.split(':') as [string, SpokenLanguage, PromptKey];
      const text = JSON.parse(row.value) as unknown;
      if (Object.hasOwn(CATALOGUES, language) && Object.hasOwn(CATALOGUES[language], key) && typeof text === 'string') (out[language] ??= {})[key] = text;
    }
    return out;
  }

  /** Everything the TwiML renderer needs from the settings. */
  async voice(): Promise<VoiceSettings> {
    const [ivr, texts] = await Promise.all([this.ivr(), this.promptTexts()]);
    return { texts, listenForDanger: ivr.listenForDanger };
  }

  async prompts(): Promise<PromptList> {
    const texts = await this.promptTexts();
    const items: PromptItem[] = [];
    for (const [language, catalogue] of Object.entries(CATALOGUES) as Array<[SpokenLanguage, Record<PromptKey, string>]>) {
      for (const [key, defaultText] of Object.entries(catalogue) as Array<[PromptKey, string]>) {
        items.push(this.item(language, key, defaultText, texts));
      }
    }
    return { items };
  }

  private item(language: SpokenLanguage, key: PromptKey, defaultText: string, texts: PromptTexts): PromptItem {
    return {
      language, key, defaultText, text: texts[language]?.[key] ?? null, placeholders: placeholdersOf(defaultText),
      recorded: this.deps.recordings?.urlOf(language, key) != null,
    };
  }

  /** Sets (text) or resets (null) what callers hear for one prompt; the next call hears it. */
  async setPrompt(actor: Actor, language: string, key: string, text: string | null): Promise<PromptItem> {
    if (!Object.hasOwn(CATALOGUES, language)) throw new NotFound('prompt language');
    const catalogue = CATALOGUES[language as SpokenLanguage];
    if (!Object.hasOwn(catalogue, key)) throw new NotFound('prompt');
    const defaultText = catalogue[key as PromptKey];
    if (text !== null) {
      const want = placeholdersOf(defaultText);
      const got = placeholdersOf(text);
      if (want.join() !== got.join()) {
        const names = want.length ? want.map((p) => `{${p}}`).join(', ') : 'none';
        throw new DomainError('invalid_input', `The text must keep the same placeholders as the original: ${names}`);
      }
    }
    const rowKey = `${PROMPT_PREFIX}${language}:${key}`;
    const kept = text !== null && text !== defaultText ? text : null;
    if (kept === null) await this.deps.db.getRepository(Setting).delete({ key: rowKey });
    else await this.write(actor, rowKey, kept);
    this.deps.log.info(kept === null ? 'prompt reset' : 'prompt changed', { userId: actor.userId, language, key });
    this.notify('prompts');
    const next: PromptTexts = kept === null ? {} : { [language]: { [key]: kept } };
    return this.item(language as SpokenLanguage, key as PromptKey, defaultText, next);
  }

  // ——— Routing ———

  async routing(): Promise<RoutingSettings> {
    return parseRouting(await this.read(ROUTING_KEY));
  }

  async setRouting(actor: Actor, value: RoutingSettings): Promise<RoutingSettings> {
    await this.write(actor, ROUTING_KEY, value);
    this.deps.log.info('routing settings changed', { userId: actor.userId, ...value });
    this.notify('routing');
    return value;
  }

  /** What every matching pass needs, in one read: the widening steps and whether interpreter lines exist. */
  async routingContext(): Promise<{ routing: RoutingSettings; interpreterLines: boolean }> {
    const rows = await this.deps.db.getRepository(Setting).findBy({ key: In([ROUTING_KEY, INTERPRETERS_KEY]) });
    const value = (key: string) => {
      const row = rows.find((r) => r.key === key);
      return row ? JSON.parse(row.value) as unknown : null;
    };
    const lines = InterpreterTable.safeParse(value(INTERPRETERS_KEY));
    return { routing: parseRouting(value(ROUTING_KEY)), interpreterLines: lines.success && lines.data.items.some((l) => l.active) };
  }

  // ——— Interpreter lines ———

  async interpreterLines(): Promise<InterpreterTable> {
    const parsed = InterpreterTable.safeParse(await this.read(INTERPRETERS_KEY) ?? { items: [] });
    return parsed.success ? parsed.data : { items: [] };
  }

  async replaceInterpreterLines(actor: Actor, table: InterpreterTable): Promise<InterpreterTable> {
    await this.write(actor, INTERPRETERS_KEY, table);
    this.deps.log.info('interpreter lines changed', { userId: actor.userId, rows: table.items.length });
    this.notify('interpreters');
    return table;
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
    this.notify('oncall');
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

function parseRouting(stored: unknown): RoutingSettings {
  if (!stored) return DEFAULT_ROUTING_SETTINGS;
  const parsed = RoutingSettings.safeParse({ ...DEFAULT_ROUTING_SETTINGS, ...(stored as object) });
  return parsed.success ? parsed.data : DEFAULT_ROUTING_SETTINGS;
}
