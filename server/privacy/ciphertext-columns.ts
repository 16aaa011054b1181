import type { ObjectLiteral } from 'typeorm';
import { Contact } from '../calls/contact.entity.js';
import { Case, CaseTask } from '../cases/case.entity.js';
import { ContactIntake } from '../intake/intake.entity.js';
import { RiskAssessment } from '../risk/assessment.entity.js';

export interface CiphertextColumn {
  table: string;
  column: string;
  entity: new () => ObjectLiteral;
}

const at = <E extends ObjectLiteral>(table: string, entity: new () => E, column: keyof E & string): CiphertextColumn =>
  ({ table, column, entity });

/**
 * Every column holding DataProtection ciphertext: what `npm run keys:rotate` re-encrypts. A unit
 * test fails when an entity gains a `…Cipher` column that is not listed here.
 */
export const CIPHERTEXT_COLUMNS: readonly CiphertextColumn[] = [
  at('contacts', Contact, 'notesCipher'),
  at('contacts', Contact, 'callbackCipher'),
  at('contact_intakes', ContactIntake, 'freeTextCipher'),
  at('contact_intakes', ContactIntake, 'overrideReasonCipher'),
  at('risk_assessments', RiskAssessment, 'overrideReasonCipher'),
  at('cases', Case, 'safetyPlanCipher'),
  at('cases', Case, 'notesCipher'),
  at('case_tasks', CaseTask, 'titleCipher'),
];
