import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service.js';
import { Contact } from '../calls/contact.entity.js';
import { Case, CaseEvent, CaseExploitation, CaseName, CasePerson } from '../cases/case.entity.js';
import { foldName } from '../cases/cases.presenter.js';
import { nextCode } from '../cases/cases.service.js';
import {
  CASE_EXPORT_COLUMNS, CASE_TEXT_COLUMNS, CONTACT_EXPORT_COLUMNS, CONTACT_TEXT_COLUMNS, ImportedCaseRow, ImportedContactRow,
  type ContactImport, type ExportQuery, type ImportResult,
} from '../contracts/exports.js';
import { IntakeAnswers } from '../contracts/intake.js';
import { DomainError, Forbidden } from '../errors.js';
import type { ApiDownload } from '../http/api.js';
import { ContactIntake } from '../intake/intake.entity.js';
import type { Logger } from '../log.js';
import type { DataProtection } from '../privacy/crypto.js';
import { startOfDay } from '../routing/wallboard.service.js';
import type { Actor } from '../users/actor.js';
import { CsvSyntaxError, csvLine, parseCsv, unneutralise, type CellValue } from './csv.js';

const DAY = 86_400_000;
/** Rows read per query: what an export holds in memory at once. */
const PAGE = 500;
/** An import with more bad rows than this reports the first ones and how many more. */
const MAX_REPORTED_ROWS = 100;

// National reporting is a supervisor's task; admins and supervisors may load historical contacts.
const mayExport = (a: Actor) => a.role === 'supervisor';
const mayImport = (a: Actor) => a.role === 'supervisor' || a.role === 'admin';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const joined = (v: readonly string[] | null) => (v?.length ? v.join(';') : null);

interface Range { from: Date; to: Date }

/**
 * CSV exports for periodic national reporting, read a page at a time and streamed, and the import
 * of historical contacts in the same layout. Structured fields only, unless free text is asked for;
 * every export and import is audited with its filters and row count.
 */
export class ExportsService {
  constructor(private readonly deps: {
    db: DataSource; now: () => Date; protect: DataProtection; audit: AuditService; log: Logger; timeZone: string;
  }) {}

  async contacts(actor: Actor, q: ExportQuery): Promise<ApiDownload> {
    if (!mayExport(actor)) throw new Forbidden();
    const range = this.range(q);
    const rows = await this.deps.db.getRepository(Contact).createQueryBuilder('k')
      .where('k.startedAt >= :from AND k.startedAt < :to', range).getCount();
    // Audited before the first byte leaves: an export cut short was still an export.
    await this.audited(actor, 'export.contacts', q, rows);
    return { contentType: 'text/csv; charset=utf-8', filename: `contacts-${q.from}-${q.to}.csv`, chunks: this.contactLines(range, q.includeText) };
  }

  async cases(actor: Actor, q: ExportQuery): Promise<ApiDownload> {
    if (!mayExport(actor)) throw new Forbidden();
    const range = this.range(q);
    const rows = await this.deps.db.getRepository(Case).createQueryBuilder('c')
      .where('c.openedAt >= :from AND c.openedAt < :to AND c.mergedIntoId IS NULL', range).getCount();
    await this.audited(actor, 'export.cases', q, rows);
    return { contentType: 'text/csv; charset=utf-8', filename: `cases-${q.from}-${q.to}.csv`, chunks: this.caseLines(range, q.includeText) };
  }

  /**
   * Historical contacts from a contacts export (its `id` and `caseCode` ignored): every row is
   * checked first; one bad row refuses the whole file, naming the rows and fields. Then all are
   * written in one transaction, as completed contacts with no caller hash.
   */
  async importContacts(actor: Actor, input: ContactImport): Promise<ImportResult> {
    if (!mayImport(actor)) throw new Forbidden();
    const { db, now, protect, audit, log } = this.deps;
    const rows = readImport(input.csv, CONTACT_FILE);
    const at = now();
    const contacts: Contact[] = [];
    const intakes: ContactIntake[] = [];
    for (const r of rows) {
      const startedAt = new Date(r.startedAt);
      const endedAt = r.endedAt ? new Date(r.endedAt) : null;
      const contact = db.getRepository(Contact).create({
        id: randomUUID(), callSid: `IMPORT-${randomUUID()}`, callerHash: null, status: 'completed', ivrStep: 'queue', ivrAttempts: 0,
        language: r.language, purpose: r.purpose, danger: r.danger, cannotTalkFreely: r.cannotTalkFreely, priority: r.danger ? 100 : 10, minor: false,
        startedAt, queuedAt: null, offeredToId: null, offerExpiresAt: null, declinedBy: [], answeredById: null, answeredAt: null,
        operatorCallSid: null, endedAt, region: r.region, durationSeconds: endedAt ? Math.round((endedAt.getTime() - startedAt.getTime()) / 1000) : null,
        callbackCipher: null, callbackExpiresAt: null, messageAt: null, messageUrl: null, messageSeconds: null, callbackOfId: null,
        callbackById: null, callbackAt: null, transferToId: null, transferCallSid: null,
        callerType: r.callerType, pertinence: r.pertinence, contactClass: r.contactClass, reasons: r.reasons, outcomes: r.outcomes,
        notesCipher: r.notes ? protect.encrypt(r.notes) : null, recordSavedAt: at, recordSavedById: actor.userId, caseId: null,
      });
      contacts.push(contact);
      // The risk level and consent live on the triage form: an imported contact gets a minimal one.
      if (r.riskLevel || r.consentLevel) {
        const level = r.riskLevel ?? 'NOT_ASSESSED';
        intakes.push({
          contactId: contact.id, version: 1, answers: IntakeAnswers.parse({ wishes: { consentLevel: r.consentLevel } }), freeTextCipher: null,
          riskLevel: level, computedLevel: level, riskReasons: [], riskScore: 0, scoringVersion: 'import', catalogueVersion: 0,
          overrideLevel: null, overrideReasonCipher: null, savedAt: at, savedById: actor.userId,
        });
      }
    }
    await db.transaction(async (tx) => {
      for (let i = 0; i < contacts.length; i += 100) await tx.getRepository(Contact).insert(contacts.slice(i, i + 100));
      for (let i = 0; i < intakes.length; i += 100) await tx.getRepository(ContactIntake).insert(intakes.slice(i, i + 100));
    });
    await audit.record({ actor, action: 'import.contacts', subjectType: 'contact', subjectId: null, detail: { imported: contacts.length, withText: rows.filter((r) => r.notes).length } });
    log.info('contacts imported', { userId: actor.userId, imported: contacts.length });
    return { imported: contacts.length };
  }

  /**
   * Historical cases from a cases export: checked whole first (one bad row refuses the file), then
   * written in one transaction, each numbered here in the year it opened, unassigned (supervisors
   * see them and give them out), with its persons, names and exploitation types, and a timeline that
   * says it was imported.
   */
  async importCases(actor: Actor, input: ContactImport): Promise<ImportResult> {
    if (!mayImport(actor)) throw new Forbidden();
    const { db, protect, audit, log, now } = this.deps;
    const rows = readImport(input.csv, CASE_FILE);
    const at = now();
    await db.transaction(async (tx) => {
      for (const r of rows) {
        const openedAt = new Date(r.openedAt);
        const types = r.exploitationTypes ?? [];
        const row: Case = {
          id: randomUUID(), code: await nextCode(tx, openedAt), version: 1, status: r.status, consentLevel: r.consentLevel, riskLevel: r.riskLevel,
          province: r.province, exploitationTypes: types, labourSector: r.labourSector, peopleCount: r.peopleCount,
          minorsInvolved: r.minorsInvolved, assignedToId: null, team: null, safetyPlanCipher: null,
          notesCipher: r.notes ? protect.encrypt(r.notes) : null, mergedIntoId: null, openedAt, updatedAt: at,
          closedAt: r.closedAt ? new Date(r.closedAt) : r.status === 'CLOSED' ? openedAt : null, createdById: actor.userId,
        };
        await tx.getRepository(Case).insert(row);
        if (types.length) await tx.getRepository(CaseExploitation).insert(types.map((type) => ({ caseId: row.id, type, openedAt })));
        const names = new Set<string>();
        for (let i = 0; i < Math.max(r.persons, r.pseudonyms.length); i++) {
          const first = i === 0;
          const pseudonym = r.pseudonyms[i] ?? null;
          const aliases = first ? r.aliases : [];
          await tx.getRepository(CasePerson).insert({
            id: randomUUID(), caseId: row.id, pseudonym, aliases, ageBand: first ? r.ageBand : null, isMinor: first && (r.ageBand === 'UNDER_14' || r.ageBand === '14_17'),
            ageDisputed: false, gender: first ? r.gender : null, nationality: first ? r.nationality : null, languages: [], childrenCount: 0,
            pregnant: false, documentsHeldByThirdParty: false,
          });
          for (const n of [pseudonym, ...aliases]) if (n && foldName(n)) names.add(foldName(n));
        }
        for (const name of names) await tx.getRepository(CaseName).insert({ caseId: row.id, name, openedAt });
        await tx.getRepository(CaseEvent).insert({ id: randomUUID(), caseId: row.id, at, kind: 'created', actorId: actor.userId, detail: 'import' });
      }
    });
    await audit.record({ actor, action: 'import.cases', subjectType: 'case', subjectId: null, detail: { imported: rows.length, withText: rows.filter((r) => r.notes || r.pseudonyms.length).length } });
    log.info('cases imported', { userId: actor.userId, imported: rows.length });
    return { imported: rows.length };
  }

  private range(q: ExportQuery): Range {
    const day = (date: string, plus = 0) => startOfDay(new Date(Date.parse(`${date}T12:00:00Z`) + plus * DAY), this.deps.timeZone);
    return { from: day(q.from), to: day(q.to, 1) };
  }

  // The period is named `periodFrom`/`periodTo`, apart from `origin` (where the actor acted from).
  private async audited(actor: Actor, action: 'export.contacts' | 'export.cases', q: ExportQuery, rows: number): Promise<void> {
    await this.deps.audit.record({ actor, action, subjectType: 'export', subjectId: null, detail: { periodFrom: q.from, periodTo: q.to, includeText: q.includeText, rows } });
    this.deps.log.info('export', { action, userId: actor.userId, includeText: q.includeText, rows });
  }

  private async *contactLines(range: Range, includeText: boolean): AsyncGenerator<string> {
    const { db, protect } = this.deps;
    yield csvLine([...CONTACT_EXPORT_COLUMNS, ...(includeText ? CONTACT_TEXT_COLUMNS : [])]);
    const columns = ['id', 'startedAt', 'endedAt', 'language', 'purpose', 'callerType', 'pertinence', 'contactClass', 'reasons', 'outcomes',
      'region', 'caseId', 'danger', 'cannotTalkFreely', ...(includeText ? ['notesCipher'] : [])].map((c) => `k.${c}`);
    let after: { t: Date; id: string } | null = null;
    for (;;) {
      const qb = db.getRepository(Contact).createQueryBuilder('k').select(columns).where('k.startedAt >= :from AND k.startedAt < :to', range);
      if (after) qb.andWhere('(k.startedAt > :t OR (k.startedAt = :t AND k.id > :id))', after);
      const page = await qb.orderBy('k.startedAt', 'ASC').addOrderBy('k.id', 'ASC').limit(PAGE).getMany();
      if (!page.length) return;
      const ids = page.map((k) => k.id);
      const caseIds = [...new Set(page.map((k) => k.caseId).filter((x): x is string => !!x))];
      const [intakes, cases] = await Promise.all([
        db.getRepository(ContactIntake).find({ where: { contactId: In(ids) }, select: { contactId: true, riskLevel: true, answers: true } }),
        caseIds.length ? db.getRepository(Case).find({ where: { id: In(caseIds) }, select: { id: true, code: true } }) : [],
      ]);
      const intakeOf = new Map(intakes.map((i) => [i.contactId, i]));
      const codeOf = new Map(cases.map((c) => [c.id, c.code]));
      let chunk = '';
      for (const k of page) {
        const intake = intakeOf.get(k.id);
        const cells: CellValue[] = [
          k.id, iso(k.startedAt), iso(k.endedAt), k.language, k.purpose, k.callerType, k.pertinence, k.contactClass, joined(k.reasons),
          joined(k.outcomes), k.region, k.caseId ? codeOf.get(k.caseId) : null, intake?.riskLevel, intake?.answers?.wishes?.consentLevel,
          k.danger, k.cannotTalkFreely,
        ];
        if (includeText) cells.push(k.notesCipher ? protect.decrypt(k.notesCipher) : null);
        chunk += csvLine(cells);
      }
      yield chunk;
      if (page.length < PAGE) return;
      const last = page[page.length - 1]!;
      after = { t: last.startedAt, id: last.id };
    }
  }

  private async *caseLines(range: Range, includeText: boolean): AsyncGenerator<string> {
    const { db, protect } = this.deps;
    yield csvLine([...CASE_EXPORT_COLUMNS, ...(includeText ? CASE_TEXT_COLUMNS : [])]);
    const columns = ['id', 'code', 'openedAt', 'closedAt', 'status', 'riskLevel', 'consentLevel', 'province', 'exploitationTypes', 'labourSector',
      'peopleCount', 'minorsInvolved', ...(includeText ? ['notesCipher'] : [])].map((c) => `c.${c}`);
    let after: { t: Date; id: string } | null = null;
    for (;;) {
      const qb = db.getRepository(Case).createQueryBuilder('c').select(columns)
        .where('c.openedAt >= :from AND c.openedAt < :to AND c.mergedIntoId IS NULL', range);
      if (after) qb.andWhere('(c.openedAt > :t OR (c.openedAt = :t AND c.id > :id))', after);
      const page = await qb.orderBy('c.openedAt', 'ASC').addOrderBy('c.id', 'ASC').limit(PAGE).getMany();
      if (!page.length) return;
      const ids = page.map((c) => c.id);
      const [persons, contactCounts] = await Promise.all([
        // No order column: "first" is by id, the order MySQL's index gives the case page too.
        db.getRepository(CasePerson).find({ where: { caseId: In(ids) }, order: { caseId: 'ASC', id: 'ASC' } }),
        db.getRepository(Contact).createQueryBuilder('k').select('k.caseId', 'caseId').addSelect('COUNT(*)', 'n')
          .where('k.caseId IN (:...ids)', { ids }).groupBy('k.caseId').getRawMany<{ caseId: string; n: number | string }>(),
      ]);
      const personsOf = new Map<string, CasePerson[]>();
      for (const p of persons) personsOf.set(p.caseId, [...(personsOf.get(p.caseId) ?? []), p]);
      const contactsOf = new Map(contactCounts.map((r) => [r.caseId, Number(r.n)]));
      let chunk = '';
      for (const c of page) {
        const people = personsOf.get(c.id) ?? [];
        const first = people[0];
        const cells: CellValue[] = [
          c.code, iso(c.openedAt), iso(c.closedAt), c.status, c.riskLevel, c.consentLevel, c.province, joined(c.exploitationTypes), c.labourSector,
          c.peopleCount, c.minorsInvolved, people.length, first?.gender, first?.ageBand, first?.nationality, contactsOf.get(c.id) ?? 0,
        ];
        if (includeText) {
          // Names only where the person agreed to their information being shared.
          const named = c.consentLevel === 'SHARE';
          cells.push(
            c.notesCipher ? protect.decrypt(c.notesCipher) : null,
            named ? joined(people.map((p) => p.pseudonym).filter((n): n is string => !!n)) : null,
            named ? joined(people.flatMap((p) => p.aliases)) : null,
          );
        }
        chunk += csvLine(cells);
      }
      yield chunk;
      if (page.length < PAGE) return;
      const last = page[page.length - 1]!;
      after = { t: last.openedAt, id: last.id };
    }
  }
}

/** What an imported file of one kind holds: its columns, the ones read and ignored, and one row's schema. */
interface ImportFile<T> { required: readonly string[]; known: ReadonlySet<string>; ignored: ReadonlySet<string>; row: z.ZodType<T> }
function importFile<T>(columns: readonly string[], text: readonly string[], ignored: string[], row: z.ZodType<T>): ImportFile<T> {
  const skip = new Set(ignored);
  return { required: columns.filter((c) => !skip.has(c)), known: new Set([...columns, ...text]), ignored: skip, row };
}
const CONTACT_FILE = importFile(CONTACT_EXPORT_COLUMNS, CONTACT_TEXT_COLUMNS, ['id', 'caseCode'], ImportedContactRow);
const CASE_FILE = importFile(CASE_EXPORT_COLUMNS, CASE_TEXT_COLUMNS, ['code', 'contacts'], ImportedCaseRow);

/** Parses and checks a whole import; throws a ZodError naming every bad row (header = row 1) and field. */
function readImport<T>(csv: string, file: ImportFile<T>): T[] {
  let records: string[][];
  try {
    records = parseCsv(csv);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new DomainError('invalid_input', `The file is not valid CSV: ${err.message}`);
    throw err;
  }
  const [header, ...body] = records;
  if (!header || !body.length) throw new DomainError('invalid_input', 'The file has no rows under its header');
  const problems: z.core.$ZodIssue[] = [];
  const issue = (path: PropertyKey[], message: string) => problems.push({ code: 'custom', path, message, input: undefined });
  const names = header.map((h) => h.trim());
  names.forEach((n, i) => {
    if (!file.known.has(n)) issue(['header', i + 1], `unknown column "${n.slice(0, 40)}"`);
    else if (names.indexOf(n) !== i) issue(['header', i + 1], `column "${n}" appears twice`);
  });
  for (const c of file.required) if (!names.includes(c)) issue(['header'], `missing column "${c}"`);
  if (problems.length) throw new z.ZodError(problems);

  const rows: T[] = [];
  let badRows = 0;
  body.forEach((cells, i) => {
    const row = i + 2;
    const fail = (path: PropertyKey[], message: string) => issue(['rows', row, ...path], message);
    if (cells.length !== names.length) {
      if (++badRows <= MAX_REPORTED_ROWS) fail([], `has ${cells.length} cells where the header has ${names.length}`);
      return;
    }
    const raw = Object.fromEntries(names.flatMap((n, j) => (file.ignored.has(n) ? [] : [[n, unneutralise(cells[j]!)]])));
    const parsed = file.row.safeParse(raw);
    if (parsed.success) rows.push(parsed.data);
    else if (++badRows <= MAX_REPORTED_ROWS) for (const p of parsed.error.issues) fail(p.path, p.message);
  });
  if (badRows > MAX_REPORTED_ROWS) issue(['rows'], `${badRows - MAX_REPORTED_ROWS} more rows have errors`);
  if (problems.length) throw new z.ZodError(problems);
  return rows;
}
