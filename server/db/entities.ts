import { AuditEntry, AuditHead } from '../audit/audit-entry.entity.js';
import { CallerBlock } from '../calls/block.entity.js';
import { Contact } from '../calls/contact.entity.js';
import { ContactEvent } from '../calls/contact-event.entity.js';
import { User } from '../users/user.entity.js';
import { ContactIntake } from '../intake/intake.entity.js';
import { RiskAlertRow } from '../risk/alert.entity.js';
import { RiskAssessment } from '../risk/assessment.entity.js';
import { IndicatorCatalogue } from '../risk/catalogue.entity.js';
import { Case, CaseCounter, CaseEvent, CaseExploitation, CaseName, CasePerson, CaseTask } from '../cases/case.entity.js';
import { Session } from './session.entity.js';
import { OnCallNumber } from '../settings/oncall-number.entity.js';
import { Setting } from '../settings/setting.entity.js';

/** Every entity, in one list: the data source and the test reset both read it. */
export const ENTITIES = [User, Contact, Session, Setting, OnCallNumber, AuditEntry, AuditHead, CallerBlock, ContactEvent,
  ContactIntake, RiskAssessment, RiskAlertRow, IndicatorCatalogue, Case, CasePerson, CaseName, CaseExploitation, CaseEvent, CaseTask, CaseCounter,
];
