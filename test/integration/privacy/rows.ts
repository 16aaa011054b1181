import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Case, CaseName, CasePerson, CaseTask } from '../../../server/cases/case.entity.js';
import { IntakeAnswers } from '../../../server/contracts/intake.js';
import { ContactIntake } from '../../../server/intake/intake.entity.js';
import { RiskAssessment } from '../../../server/risk/assessment.entity.js';
import { userId } from '../../support/seed.js';

// Rows written directly, as the services would leave them: for tests of retention, rotation and
// exports, which read and change what is already there.

let counter = 0;

export async function caseRow(db: DataSource, o: Partial<Case> = {}): Promise<Case> {
  const at = o.openedAt ?? new Date();
  const row = db.getRepository(Case).create({
    id: randomUUID(), code: `A-${at.getUTCFullYear()}-${String(++counter).padStart(4, '0')}`, version: 1, status: 'OPEN',
    consentLevel: 'CONFIDENTIAL', riskLevel: 'MEDIUM', province: null, exploitationTypes: [], labourSector: null, peopleCount: null,
    minorsInvolved: false, assignedToId: null, team: null, safetyPlanCipher: null, notesCipher: null, mergedIntoId: null,
    openedAt: at, updatedAt: at, closedAt: null, createdById: await userId(db, 'supervisor'), ...o,
  });
  await db.getRepository(Case).insert(row);
  return row;
}

export async function personRow(db: DataSource, caseId: string, o: Partial<CasePerson> = {}): Promise<CasePerson> {
  const row = db.getRepository(CasePerson).create({
    id: randomUUID(), caseId, pseudonym: null, aliases: [], ageBand: null, isMinor: false, ageDisputed: false, gender: null,
    nationality: null, languages: [], childrenCount: 0, pregnant: false, documentsHeldByThirdParty: false, ...o,
  });
  await db.getRepository(CasePerson).insert(row);
  for (const name of [row.pseudonym, ...row.aliases].filter((n): n is string => !!n)) {
    await db.getRepository(CaseName).insert({ caseId, name: name.toLowerCase(), openedAt: new Date() });
  }
  return row;
}

export async function taskRow(db: DataSource, caseId: string, titleCipher: string): Promise<CaseTask> {
  const row: CaseTask = {
    id: randomUUID(), caseId, titleCipher, dueAt: null, ownerId: null, doneAt: null, createdAt: new Date(), createdById: await userId(db, 'supervisor'),
  };
  await db.getRepository(CaseTask).insert(row);
  return row;
}

export async function intakeRow(db: DataSource, contactId: string, o: Partial<ContactIntake> = {}): Promise<ContactIntake> {
  const row: ContactIntake = {
    contactId, version: 1, answers: IntakeAnswers.parse({}), freeTextCipher: null, riskLevel: 'LOW', computedLevel: 'LOW', riskReasons: [],
    riskScore: 0, scoringVersion: 'test', catalogueVersion: 1, overrideLevel: null, overrideReasonCipher: null, savedAt: new Date(),
    savedById: await userId(db, 'operator1'), ...o,
  };
  await db.getRepository(ContactIntake).insert(row);
  return row;
}

export async function assessmentRow(db: DataSource, o: Partial<RiskAssessment> = {}): Promise<RiskAssessment> {
  const row: RiskAssessment = {
    id: randomUUID(), contactId: null, caseId: null, at: new Date(), byId: await userId(db, 'operator1'), level: 'LOW', computedLevel: 'LOW',
    reasons: [], score: 0, scoringVersion: 'test', catalogueVersion: 1, overrideLevel: null, overrideReasonCipher: null, ...o,
  };
  await db.getRepository(RiskAssessment).insert(row);
  return row;
}
