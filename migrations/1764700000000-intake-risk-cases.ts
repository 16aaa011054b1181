import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Issue 6: the triage form of a contact, risk assessments and alerts, the indicator catalogue,
// cases with their persons, names, exploitation types, timeline, tasks and yearly counters; a
// contact's case, an operator's team.

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string, nullable = false) => ({ name, type: 'varchar', length: '36', isNullable: nullable });
const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
const str = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const text = (name: string, nullable = true) => ({ name, type: 'text', isNullable: nullable });
const int = (name: string, nullable = false) => ({ name, type: 'integer', isNullable: nullable });
const bool = (name: string) => ({ name, type: 'boolean' });
const index = (name: string, columnNames: string[], isUnique = false) => new TableIndex({ name, columnNames, isUnique });

export class IntakeRiskCases1764700000000 implements MigrationInterface {
  name = 'IntakeRiskCases1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'contact_intakes',
      columns: [
        { ...ref('contactId'), isPrimary: true }, int('version'), text('answers', false), text('freeTextCipher'),
        str('riskLevel', 16), str('computedLevel', 16), text('riskReasons', false), int('riskScore'), str('scoringVersion', 32),
        int('catalogueVersion'), str('overrideLevel', 16, true), text('overrideReasonCipher'), at('savedAt'), ref('savedById'),
      ],
      indices: [index('IDX_contact_intakes_riskLevel', ['riskLevel'])],
    }));
    await q.createTable(new Table({
      name: 'risk_assessments',
      columns: [
        id, ref('contactId', true), ref('caseId', true), at('at'), ref('byId'), str('level', 16), str('computedLevel', 16),
        text('reasons', false), int('score'), str('scoringVersion', 32), int('catalogueVersion'), str('overrideLevel', 16, true),
        text('overrideReasonCipher'),
      ],
      indices: [index('IDX_risk_assessments_contact', ['contactId', 'at']), index('IDX_risk_assessments_case', ['caseId', 'at'])],
    }));
    await q.createTable(new Table({
      name: 'risk_alerts',
      columns: [id, ref('contactId'), at('raisedAt'), ref('raisedById', true), text('reasons', false), at('acknowledgedAt', true), ref('acknowledgedById', true), at('withdrawnAt', true)],
      indices: [index('IDX_risk_alerts_open', ['acknowledgedAt', 'raisedAt']), index('IDX_risk_alerts_contact', ['contactId'])],
    }));
    await q.createTable(new Table({
      name: 'indicator_catalogues',
      columns: [{ ...int('version'), isPrimary: true }, text('indicators', false), at('publishedAt'), ref('publishedById', true)],
    }));
    await q.createTable(new Table({
      name: 'cases',
      columns: [
        id, str('code', 16), int('version'), str('status', 16), str('consentLevel', 16), str('riskLevel', 16), str('province', 2, true),
        text('exploitationTypes', false), str('labourSector', 32, true), int('peopleCount', true), bool('minorsInvolved'),
        ref('assignedToId', true), str('team', 40, true), text('safetyPlanCipher'), text('notesCipher'), ref('mergedIntoId', true),
        at('openedAt'), at('updatedAt'), at('closedAt', true), ref('createdById'),
      ],
      indices: [
        index('IDX_cases_code', ['code'], true), index('IDX_cases_opened', ['openedAt', 'id']),
        index('IDX_cases_status', ['status', 'openedAt', 'id']), index('IDX_cases_risk', ['riskLevel', 'openedAt', 'id']),
        index('IDX_cases_province', ['province', 'openedAt', 'id']), index('IDX_cases_assigned', ['assignedToId', 'openedAt', 'id']),
        index('IDX_cases_team', ['team', 'openedAt', 'id']),
      ],
    }));
    await q.createTable(new Table({
      name: 'case_persons',
      columns: [
        id, ref('caseId'), str('pseudonym', 60, true), text('aliases', false), str('ageBand', 16, true), bool('isMinor'), bool('ageDisputed'),
        str('gender', 16, true), str('nationality', 2, true), text('languages', false), int('childrenCount'), bool('pregnant'),
        bool('documentsHeldByThirdParty'),
      ],
      indices: [index('IDX_case_persons_case', ['caseId'])],
    }));
    await q.createTable(new Table({
      name: 'case_names',
      columns: [{ ...ref('caseId'), isPrimary: true }, { ...str('name', 60), isPrimary: true }, at('openedAt')],
      indices: [index('IDX_case_names_name', ['name', 'openedAt', 'caseId'])],
    }));
    await q.createTable(new Table({
      name: 'case_exploitation',
      columns: [{ ...ref('caseId'), isPrimary: true }, { ...str('type', 32), isPrimary: true }, at('openedAt')],
      indices: [index('IDX_case_exploitation_type', ['type', 'openedAt', 'caseId'])],
    }));
    await q.createTable(new Table({
      name: 'case_events',
      columns: [id, ref('caseId'), at('at'), str('kind', 32), ref('actorId', true), str('detail', 200, true)],
      indices: [index('IDX_case_events_case', ['caseId', 'at'])],
    }));
    await q.createTable(new Table({
      name: 'case_tasks',
      columns: [id, ref('caseId'), text('titleCipher', false), at('dueAt', true), ref('ownerId', true), at('doneAt', true), at('createdAt'), ref('createdById')],
      indices: [index('IDX_case_tasks_case', ['caseId', 'createdAt']), index('IDX_case_tasks_owner', ['ownerId', 'doneAt', 'dueAt'])],
    }));
    await q.createTable(new Table({ name: 'case_counters', columns: [{ ...int('year'), isPrimary: true }, int('last')] }));
    await q.addColumn('contacts', new TableColumn(ref('caseId', true)));
    await q.createIndex('contacts', index('IDX_contacts_caseId', ['caseId']));
    // Contact lists page newest first: everyone's (supervisors) and an operator's own.
    await q.createIndex('contacts', index('IDX_contacts_started', ['startedAt', 'id']));
    await q.createIndex('contacts', index('IDX_contacts_answered_started', ['answeredById', 'startedAt', 'id']));
    await q.addColumn('users', new TableColumn(str('team', 40, true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'team');
    await q.dropIndex('contacts', 'IDX_contacts_answered_started');
    await q.dropIndex('contacts', 'IDX_contacts_started');
    await q.dropIndex('contacts', 'IDX_contacts_caseId');
    await q.dropColumn('contacts', 'caseId');
    for (const t of ['case_counters', 'case_tasks', 'case_events', 'case_exploitation', 'case_names', 'case_persons', 'cases',
      'indicator_catalogues', 'risk_alerts', 'risk_assessments', 'contact_intakes']) await q.dropTable(t);
  }
}
