import { randomUUID } from 'node:crypto';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import type { Bus } from '../bus.js';
import { Contact } from '../calls/contact.entity.js';
import { addContactEvent } from '../calls/contact-events.js';
import { mayOnContact } from '../calls/contacts.policy.js';
import {
  CaseCode, CaseSearch, PersonInput, SafetyPlan, TaskInput,
  type CaseCreate, type CaseEventKind, type CaseList, type CaseUpdate, type CaseView, type TaskView,
} from '../contracts/cases.js';
import { IntakeAnswers, type ConsentLevel } from '../contracts/intake.js';
import { decodeCursor, encodeCursor, type Cursor } from '../db/cursor.js';
import { Conflict, DomainError, Forbidden, NotFound } from '../errors.js';
import { ContactIntake } from '../intake/intake.entity.js';
import type { DataProtection } from '../privacy/crypto.js';
import { RiskAssessment } from '../risk/assessment.entity.js';
import { startOfDay } from '../routing/wallboard.service.js';
import type { Actor } from '../users/actor.js';
import { User } from '../users/user.entity.js';
import { Case, CaseCounter, CaseEvent, CaseExploitation, CaseName, CasePerson, CaseTask } from './case.entity.js';
import { caseScope, MAY_BE_ASSIGNED, mayOnCase } from './cases.policy.js';
import { foldName, presentCases, type Names } from './cases.presenter.js';

const DAY = 86_400_000;

/**
 * Cases: made from a contact (its triage form fills the case) or blank; read, searched, changed
 * (guarded by a version), linked to more contacts, merged; tasks and a timeline. Every read and
 * write of case data is audited.
 */
export class CasesService {
  constructor(private readonly deps: {
    db: DataSource; bus: Bus; now: () => Date; protect: DataProtection; audit: AuditService; timeZone: string;
  }) {}

  async create(actor: Actor, input: CaseCreate): Promise<CaseView> {
    if (!caseScope(actor)) throw new Forbidden();
    const { db, now } = this.deps;
    const contact = input.contactId ? await this.linkableContact(actor, input.contactId) : null;
    const intake = contact ? await db.getRepository(ContactIntake).findOneBy({ contactId: contact.id }) : null;
    const answers = intake ? IntakeAnswers.parse(intake.answers) : null;
    const consent: ConsentLevel = input.consentLevel ?? answers?.wishes.consentLevel ?? 'CONFIDENTIAL';
    const persons = (input.persons ?? (answers ? [{
      ageBand: answers.person.ageBand, isMinor: answers.person.isMinor === 'YES', gender: answers.person.gender,
      nationality: answers.person.nationality, languages: answers.person.languages,
      childrenCount: 0, pregnant: answers.needs.includes('PREGNANCY'),
    }] : [{}])).map((p) => PersonInput.parse(p));
    assertNamesAllowed(consent, persons);
    const at = now();
    const row: Case = {
      id: randomUUID(), code: '', version: 1, status: 'OPEN', consentLevel: consent, riskLevel: intake?.riskLevel ?? 'NOT_ASSESSED',
      province: answers?.situation.province ?? null, exploitationTypes: answers?.situation.exploitationTypes ?? [],
      labourSector: answers?.situation.labourSector ?? null, peopleCount: answers?.situation.peopleCount ?? null,
      minorsInvolved: persons.some((p) => p.isMinor) || answers?.situation.minorsInvolved === 'YES',
      assignedToId: actor.userId, team: actor.team, safetyPlanCipher: null, notesCipher: null, mergedIntoId: null,
      openedAt: at, updatedAt: at, closedAt: null, createdById: actor.userId,
    };
    await db.transaction(async (tx) => {
      row.code = await nextCode(tx, at);
      await tx.getRepository(Case).insert(row);
      await this.replacePersons(tx, row, persons);
      await this.replaceExploitation(tx, row);
      await this.event(tx, row.id, 'created', actor, row.code, at);
      // A millisecond later, so the timeline reads in the order things happened.
      if (contact) await this.attach(tx, actor, row, contact, new Date(at.getTime() + 1));
    });
    await this.deps.audit.record({ actor, action: 'case.create', subjectType: 'case', subjectId: row.id, detail: { contactId: contact?.id ?? null } });
    if (contact) this.deps.bus.publish({ type: 'contact.changed', contactId: contact.id, operatorId: contact.answeredById });
    return this.view(row.id);
  }

  async read(actor: Actor, id: string): Promise<CaseView> {
    const row = await this.caseFor(actor, 'view', id);
    await this.deps.audit.record({ actor, action: 'case.read', subjectType: 'case', subjectId: row.id });
    return this.view(row.id);
  }

  /** Search and list, newest first, a page at a time. */
  async search(actor: Actor, raw: CaseSearch): Promise<CaseList> {
    const scope = caseScope(actor);
    if (!scope) throw new Forbidden();
    const q = CaseSearch.parse(raw);
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw new DomainError('invalid_input', 'The cursor is not one this server gave');
    // An operator sees their own cases and their team's: two index walks in list order, merged
    // (one query with OR would sort the whole team's cases for every page).
    const scopes: Array<Record<string, string> | null> = 'all' in scope ? [null]
      : scope.team ? [{ assignedToId: scope.userId }, { team: scope.team }] : [{ assignedToId: scope.userId }];
    const found = await Promise.all(scopes.map((only) => this.searchQuery(q, cursor, only).getMany()));
    const seen = new Set<string>();
    const rows = found.flat()
      .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .slice(0, q.limit + 1);
    const page = rows.slice(0, q.limit);
    const filters = Object.fromEntries(Object.entries({ ...q, q: q.q ? 'yes' : undefined, cursor: undefined, limit: undefined }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    await this.deps.audit.record({ actor, action: 'case.search', subjectType: 'case', subjectId: null, detail: { ...filters, results: page.length } });
    const items = presentCases(page, await this.names(page));
    const last = page[page.length - 1];
    return rows.length > q.limit && last ? { items, next: encodeCursor({ t: last.openedAt.toISOString(), id: last.id }) } : { items };
  }

  /** One page of the search within one scope restriction (`only`: column = value), newest first. */
  private searchQuery(q: ReturnType<typeof CaseSearch.parse>, cursor: Cursor | null, only: Record<string, string> | null) {
    const qb = this.deps.db.getRepository(Case).createQueryBuilder('c');
    if (only) for (const [column, value] of Object.entries(only)) qb.andWhere(`c.${column} = :${column}Scope`, { [`${column}Scope`]: value });
    const byName = q.q !== undefined && !CaseCode.safeParse(q.q.toUpperCase()).success;
    if (q.q && !byName) qb.andWhere('c.code = :code', { code: q.q.toUpperCase() });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.risk) qb.andWhere('c.riskLevel = :risk', { risk: q.risk });
    if (q.province) qb.andWhere('c.province = :province', { province: q.province });
    if (q.assignedTo) qb.andWhere('c.assignedToId = :assignedTo', { assignedTo: q.assignedTo });
    // By exploitation type or name, the list sorts on that table's index (its rows carry openedAt).
    const [orderAt, orderId] = q.exploitation ? ['e.openedAt', 'e.caseId'] : byName ? ['n.openedAt', 'n.caseId'] : ['c.openedAt', 'c.id'];
    if (q.exploitation) qb.innerJoin(CaseExploitation, 'e', 'e.caseId = c.id AND e.type = :type', { type: q.exploitation });
    if (byName) qb.innerJoin(CaseName, 'n', 'n.caseId = c.id AND n.name LIKE :prefix ESCAPE \'!\'', { prefix: `${escapeLike(foldName(q.q!))}%` });
    if (q.from) qb.andWhere('c.openedAt >= :from', { from: this.dayStart(q.from) });
    if (q.to) qb.andWhere('c.openedAt < :to', { to: this.dayStart(q.to, 1) });
    if (cursor) qb.andWhere(`(${orderAt} < :ct OR (${orderAt} = :ct AND ${orderId} < :cid))`, { ct: new Date(cursor.t), cid: cursor.id });
    // A case with several matching names comes back once per name (deduplicated by the caller): room for them.
    return qb.orderBy(orderAt, 'DESC').addOrderBy(orderId, 'DESC').limit(byName ? (q.limit + 1) * 4 : q.limit + 1);
  }

  async update(actor: Actor, id: string, patch: CaseUpdate & { version: number }): Promise<CaseView> {
    const { db, now, protect } = this.deps;
    const row = await this.caseFor(actor, 'edit', id);
    if (row.version !== patch.version) throw new Conflict('Someone changed this case meanwhile; reload it before saving');
    const at = now();
    const next: Partial<Case> = { version: row.version + 1, updatedAt: at };
    const events: Array<[CaseEventKind, string | null]> = [];
    if (patch.status !== undefined && patch.status !== row.status) {
      next.status = patch.status;
      next.closedAt = patch.status === 'CLOSED' ? at : null;
      events.push(['status_changed', `${row.status} → ${patch.status}`]);
    }
    if (patch.consentLevel !== undefined) next.consentLevel = patch.consentLevel;
    if (patch.province !== undefined) next.province = patch.province;
    if (patch.exploitationTypes !== undefined) next.exploitationTypes = patch.exploitationTypes;
    if (patch.labourSector !== undefined) next.labourSector = patch.labourSector;
    if (patch.peopleCount !== undefined) next.peopleCount = patch.peopleCount;
    if (patch.assignedToId !== undefined && patch.assignedToId !== row.assignedToId) {
      const assignee = patch.assignedToId ? await this.assignee(patch.assignedToId) : null;
      next.assignedToId = assignee?.id ?? null;
      next.team = assignee?.team ?? null;
      events.push(['assigned', assignee?.id ?? null]);
    }
    if (patch.safetyPlan !== undefined) {
      next.safetyPlanCipher = protect.encrypt(JSON.stringify(SafetyPlan.parse(patch.safetyPlan)));
      events.push(['safety_plan_updated', null]);
    }
    if (patch.notes !== undefined) next.notesCipher = patch.notes ? protect.encrypt(patch.notes) : null;
    const merged = { ...row, ...next };
    const persons = patch.persons?.map((p) => ({ ...PersonInput.parse(p), id: p.id }));
    if (persons) events.push(['persons_updated', String(persons.length)]);
    const currentPersons = persons ?? await db.getRepository(CasePerson).findBy({ caseId: id });
    assertNamesAllowed(merged.consentLevel, currentPersons);
    merged.minorsInvolved = row.minorsInvolved || currentPersons.some((p) => p.isMinor);
    next.minorsInvolved = merged.minorsInvolved;
    if (events.length === 0 && Object.keys(next).length > 3) events.push(['updated', null]);
    await db.transaction(async (tx) => {
      const { affected } = await tx.getRepository(Case).update({ id, version: row.version }, next);
      if (affected !== 1) throw new Conflict('Someone changed this case meanwhile; reload it before saving');
      if (persons) await this.replacePersons(tx, merged, persons);
      if (patch.exploitationTypes !== undefined) await this.replaceExploitation(tx, merged);
      for (const [i, [kind, detail]] of events.entries()) await this.event(tx, id, kind, actor, detail, new Date(at.getTime() + i));
    });
    await this.deps.audit.record({ actor, action: 'case.update', subjectType: 'case', subjectId: id, detail: { fields: Object.keys(patch).filter((k) => k !== 'version').join(',') } });
    this.deps.bus.publish({ type: 'case.changed', caseId: id });
    return this.view(id);
  }

  /** Links another contact (a repeat caller) to the case; its risk assessments join the case's. */
  async link(actor: Actor, id: string, contactId: string): Promise<CaseView> {
    const row = await this.caseFor(actor, 'edit', id);
    const contact = await this.linkableContact(actor, contactId);
    await this.deps.db.transaction((tx) => this.attach(tx, actor, row, contact));
    await this.deps.audit.record({ actor, action: 'case.link', subjectType: 'case', subjectId: id, detail: { contactId } });
    this.deps.bus.publish({ type: 'case.changed', caseId: id });
    this.deps.bus.publish({ type: 'contact.changed', contactId, operatorId: contact.answeredById });
    return this.view(id);
  }

  /**
   * Two cases turn out to be one person: `fromId` closes and points to `intoId`; its contacts,
   * assessments and open tasks move over, its names become searchable on the other, and both
   * timelines say so. The merged case stays readable as it was.
   */
  async merge(actor: Actor, intoId: string, fromId: string): Promise<CaseView> {
    if (intoId === fromId) throw new DomainError('invalid_input', 'A case cannot be merged into itself');
    const into = await this.caseFor(actor, 'edit', intoId);
    const from = await this.caseFor(actor, 'edit', fromId);
    const at = this.deps.now();
    await this.deps.db.transaction(async (tx) => {
      const moved = await tx.getRepository(Case).update({ id: fromId, version: from.version, mergedIntoId: IsNull() }, {
        mergedIntoId: intoId, status: 'CLOSED', closedAt: at, updatedAt: at, version: from.version + 1,
      });
      if (moved.affected !== 1) throw new Conflict('That case changed meanwhile; reload it');
      await tx.getRepository(Contact).update({ caseId: fromId }, { caseId: intoId });
      await tx.getRepository(RiskAssessment).update({ caseId: fromId }, { caseId: intoId });
      await tx.getRepository(CaseTask).update({ caseId: fromId, doneAt: IsNull() }, { caseId: intoId });
      const names = await tx.getRepository(CaseName).findBy({ caseId: fromId });
      if (into.consentLevel !== 'ANONYMOUS') for (const n of names) await tx.getRepository(CaseName).upsert({ caseId: intoId, name: n.name, openedAt: into.openedAt }, ['caseId', 'name']);
      const types = [...new Set([...into.exploitationTypes, ...from.exploitationTypes])];
      await tx.getRepository(Case).update({ id: intoId }, {
        exploitationTypes: types, minorsInvolved: into.minorsInvolved || from.minorsInvolved, updatedAt: at, version: into.version + 1,
        riskLevel: await latestLevel(tx, intoId) ?? into.riskLevel,
      });
      await this.replaceExploitation(tx, { ...into, exploitationTypes: types });
      await this.event(tx, intoId, 'merged_in', actor, from.code);
      await this.event(tx, fromId, 'merged_into', actor, into.code);
    });
    await this.deps.audit.record({ actor, action: 'case.merge', subjectType: 'case', subjectId: intoId, detail: { fromCaseId: fromId } });
    this.deps.bus.publish({ type: 'case.changed', caseId: intoId });
    this.deps.bus.publish({ type: 'case.changed', caseId: fromId });
    return this.view(intoId);
  }

  async addTask(actor: Actor, id: string, raw: unknown): Promise<CaseView> {
    const input = TaskInput.parse(raw);
    await this.caseFor(actor, 'edit', id);
    if (input.ownerId) await this.assignee(input.ownerId);
    const at = this.deps.now();
    await this.deps.db.transaction(async (tx) => {
      await tx.getRepository(CaseTask).insert({
        id: randomUUID(), caseId: id, titleCipher: this.deps.protect.encrypt(input.title), dueAt: input.dueAt ? new Date(input.dueAt) : null,
        ownerId: input.ownerId, doneAt: null, createdAt: at, createdById: actor.userId,
      });
      await this.event(tx, id, 'task_added', actor, input.dueAt);
    });
    await this.deps.audit.record({ actor, action: 'case.task.add', subjectType: 'case', subjectId: id });
    this.deps.bus.publish({ type: 'case.changed', caseId: id });
    return this.view(id);
  }

  async setTaskDone(actor: Actor, id: string, taskId: string, done: boolean): Promise<CaseView> {
    await this.caseFor(actor, 'edit', id);
    const tasks = this.deps.db.getRepository(CaseTask);
    const task = await tasks.findOneBy({ id: taskId, caseId: id });
    if (!task) throw new NotFound('task');
    await this.deps.db.transaction(async (tx) => {
      await tx.getRepository(CaseTask).update({ id: taskId }, { doneAt: done ? this.deps.now() : null });
      await this.event(tx, id, done ? 'task_done' : 'task_reopened', actor, null);
    });
    await this.deps.audit.record({ actor, action: done ? 'case.task.done' : 'case.task.reopen', subjectType: 'case', subjectId: id, detail: { taskId } });
    this.deps.bus.publish({ type: 'case.changed', caseId: id });
    return this.view(id);
  }

  // ---------------------------------------------------------------------------------------------

  private async caseFor(actor: Actor, act: 'view' | 'edit', id: string): Promise<Case> {
    if (!caseScope(actor)) throw new Forbidden();
    const row = await this.deps.db.getRepository(Case).findOneBy({ id });
    if (!row) throw new NotFound('case');
    if (!mayOnCase(actor, act, row)) {
      if (act === 'edit' && row.mergedIntoId && mayOnCase(actor, 'view', row)) throw new Conflict('This case was merged into another; work on that one');
      throw new Forbidden();
    }
    return row;
  }

  private async linkableContact(actor: Actor, contactId: string): Promise<Contact> {
    const contact = await this.deps.db.getRepository(Contact).findOneBy({ id: contactId });
    if (!contact) throw new NotFound('contact');
    if (!mayOnContact(actor, 'view', contact)) throw new Forbidden();
    if (contact.caseId) throw new Conflict('This contact already belongs to a case');
    return contact;
  }

  private async attach(tx: EntityManager, actor: Actor, row: Case, contact: Contact, at = this.deps.now()): Promise<void> {
    const { affected } = await tx.getRepository(Contact).update({ id: contact.id, caseId: IsNull() }, { caseId: row.id });
    if (affected !== 1) throw new Conflict('This contact already belongs to a case');
    await tx.getRepository(RiskAssessment).update({ contactId: contact.id }, { caseId: row.id });
    const level = await latestLevel(tx, row.id);
    if (level) await tx.getRepository(Case).update({ id: row.id }, { riskLevel: level });
    await this.event(tx, row.id, 'contact_linked', actor, contact.id, at);
    await addContactEvent(tx, { contactId: contact.id, kind: 'case_linked', actorId: actor.userId, detail: row.code, at });
  }

  private async assignee(userId: string): Promise<User> {
    const user = await this.deps.db.getRepository(User).findOneBy({ id: userId });
    if (!user || !user.active || !(MAY_BE_ASSIGNED as readonly string[]).includes(user.role)) {
      throw new DomainError('invalid_input', 'Cases are worked by active operators and supervisors');
    }
    return user;
  }

  private async replacePersons(tx: EntityManager, row: Case, persons: Array<PersonInput & { id?: string }>): Promise<void> {
    await tx.getRepository(CasePerson).delete({ caseId: row.id });
    await tx.getRepository(CaseName).delete({ caseId: row.id });
    for (const p of persons) {
      const person = PersonInput.parse(p);
      await tx.getRepository(CasePerson).insert({ ...person, id: p.id ?? randomUUID(), caseId: row.id });
      const names = new Set([person.pseudonym, ...person.aliases].filter((n): n is string => !!n).map(foldName).filter((n) => n.length > 0));
      for (const name of names) await tx.getRepository(CaseName).upsert({ caseId: row.id, name, openedAt: row.openedAt }, ['caseId', 'name']);
    }
  }

  private async replaceExploitation(tx: EntityManager, row: Pick<Case, 'id' | 'exploitationTypes' | 'openedAt'>): Promise<void> {
    await tx.getRepository(CaseExploitation).delete({ caseId: row.id });
    if (row.exploitationTypes.length) {
      await tx.getRepository(CaseExploitation).insert(row.exploitationTypes.map((type) => ({ caseId: row.id, type, openedAt: row.openedAt })));
    }
  }

  private async event(tx: EntityManager, caseId: string, kind: CaseEventKind, actor: Actor, detail: string | null, at = this.deps.now()): Promise<void> {
    await tx.getRepository(CaseEvent).insert({ id: randomUUID(), caseId, at, kind, actorId: actor.userId, detail });
  }

  private dayStart(date: string, plusDays = 0): Date {
    return startOfDay(new Date(Date.parse(`${date}T12:00:00Z`) + plusDays * DAY), this.deps.timeZone);
  }

  private async names(rows: Case[]): Promise<Names> {
    const { db } = this.deps;
    const userIds = [...new Set(rows.map((r) => r.assignedToId).filter((x): x is string => !!x))];
    const caseIds = [...new Set(rows.map((r) => r.mergedIntoId).filter((x): x is string => !!x))];
    const [users, cases] = await Promise.all([
      userIds.length ? db.getRepository(User).find({ where: { id: In(userIds) }, select: { id: true, displayName: true } }) : [],
      caseIds.length ? db.getRepository(Case).find({ where: { id: In(caseIds) }, select: { id: true, code: true } }) : [],
    ]);
    return { users: new Map(users.map((u) => [u.id, u.displayName])), codes: new Map(cases.map((c) => [c.id, c.code])) };
  }

  /** The whole case as its workers see it (no audit here: callers audit what they did). */
  private async view(id: string): Promise<CaseView> {
    const { db, protect } = this.deps;
    const row = await db.getRepository(Case).findOneBy({ id });
    if (!row) throw new NotFound('case');
    const [persons, contacts, assessments, tasks, events, mergedFrom] = await Promise.all([
      db.getRepository(CasePerson).find({ where: { caseId: id } }),
      db.getRepository(Contact).find({ where: { caseId: id }, order: { startedAt: 'DESC' }, select: { id: true, startedAt: true, language: true }, take: 200 }),
      db.getRepository(RiskAssessment).find({ where: { caseId: id }, order: { at: 'DESC' }, take: 100 }),
      db.getRepository(CaseTask).find({ where: { caseId: id }, order: { createdAt: 'ASC' } }),
      db.getRepository(CaseEvent).find({ where: { caseId: id }, order: { at: 'ASC', id: 'ASC' } }),
      db.getRepository(Case).find({ where: { mergedIntoId: id }, select: { id: true, code: true } }),
    ]);
    const contactLevels = new Map<string, string>();
    for (const a of [...assessments].reverse()) if (a.contactId) contactLevels.set(a.contactId, a.level);
    const names = await this.names([row]);
    // An assignment names a colleague by id in the row; the timeline shows their name.
    const assignedIds = events.filter((e) => e.kind === 'assigned').map((e) => e.detail);
    const userIds = [...new Set([...assessments.map((a) => a.byId), ...tasks.map((t) => t.ownerId), ...events.map((e) => e.actorId), ...assignedIds].filter((x): x is string => !!x))];
    const users = userIds.length ? await db.getRepository(User).find({ where: { id: In(userIds) }, select: { id: true, displayName: true } }) : [];
    const name = new Map(users.map((u) => [u.id, u.displayName]));
    const ref = (uid: string | null) => (uid ? { id: uid, displayName: name.get(uid) ?? '' } : null);
    const [summary] = presentCases([row], names);
    return {
      ...summary!,
      version: row.version, labourSector: row.labourSector, peopleCount: row.peopleCount,
      persons: persons.map((p) => ({
        id: p.id, pseudonym: p.pseudonym, aliases: p.aliases, ageBand: p.ageBand as never, isMinor: p.isMinor, ageDisputed: p.ageDisputed,
        gender: p.gender as never, nationality: p.nationality, languages: p.languages, childrenCount: p.childrenCount, pregnant: p.pregnant,
        documentsHeldByThirdParty: p.documentsHeldByThirdParty,
      })),
      safetyPlan: row.safetyPlanCipher ? SafetyPlan.parse(JSON.parse(protect.decrypt(row.safetyPlanCipher))) : SafetyPlan.parse({}),
      notes: row.notesCipher ? protect.decrypt(row.notesCipher) : '',
      contacts: contacts.map((c) => ({ id: c.id, startedAt: c.startedAt.toISOString(), language: c.language, riskLevel: (contactLevels.get(c.id) ?? 'NOT_ASSESSED') as never })),
      assessments: assessments.map((a) => ({
        at: a.at.toISOString(), contactId: a.contactId, level: a.level, computed: a.computedLevel, overridden: a.overrideLevel !== null,
        scoringVersion: a.scoringVersion, by: ref(a.byId),
      })),
      tasks: tasks.map((t): TaskView => ({
        id: t.id, title: protect.decrypt(t.titleCipher), dueAt: t.dueAt?.toISOString() ?? null, owner: ref(t.ownerId),
        doneAt: t.doneAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString(),
      })),
      events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actor: ref(e.actorId), detail: e.kind === 'assigned' && e.detail ? (name.get(e.detail) ?? null) : e.detail })),
      mergedFrom: mergedFrom.map((c) => ({ id: c.id, code: c.code })),
    };
  }
}

/** Anonymous means no name fields at all. */
function assertNamesAllowed(consent: ConsentLevel, persons: ReadonlyArray<{ pseudonym: string | null; aliases: string[] }>): void {
  if (consent === 'ANONYMOUS' && persons.some((p) => p.pseudonym || p.aliases.length > 0)) {
    throw new DomainError('invalid_input', 'An anonymous case holds no names: remove the pseudonym and aliases, or change the consent level');
  }
}

/** The level of the case's latest assessment, if it has any. */
async function latestLevel(tx: EntityManager, caseId: string): Promise<Case['riskLevel'] | null> {
  const [last] = await tx.getRepository(RiskAssessment).find({ where: { caseId }, order: { at: 'DESC' }, take: 1, select: { level: true, at: true } });
  return last?.level ?? null;
}

/**
 * The next code of the year, `A-2026-0042`: the year's counter row, locked for the rest of the
 * transaction on MySQL/MariaDB (SQLite runs one writing transaction at a time), so two nodes never
 * hand out one number.
 */
export async function nextCode(tx: EntityManager, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const counters = tx.getRepository(CaseCounter);
  const lock = tx.connection.options.type === 'better-sqlite3' ? undefined : ({ mode: 'pessimistic_write' } as const);
  let current = await counters.findOne({ where: { year }, lock });
  if (!current) {
    // The year's first case: one node inserts the row; a node that loses the race locks the winner's.
    await counters.insert({ year, last: 0 }).catch(() => undefined);
    current = await counters.findOne({ where: { year }, lock });
    if (!current) throw new Conflict('Could not number the case; try again');
  }
  await counters.update({ year }, { last: current.last + 1 });
  return formatCode(year, current.last + 1);
}

const formatCode = (year: number, n: number) => `A-${year}-${String(n).padStart(4, '0')}`;
/** `!` escapes LIKE's wildcards on both MySQL and SQLite (which has no default escape character). */
const escapeLike = (s: string) => s.replace(/[!%_]/g, (m) => `!${m}`);

