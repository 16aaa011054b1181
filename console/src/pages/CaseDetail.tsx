import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MANAGES_STAFF } from '../access.js';
import { ApiError, getCase, getStaff, updateCase } from '../api.js';
import type { Assignee, UpdateCase } from '../components/case/caseApi.js';
import { CaseAssessments, CaseContacts } from '../components/case/CaseContacts.js';
import { CaseMerge } from '../components/case/CaseMerge.js';
import { CasePersons } from '../components/case/CasePersons.js';
import { CaseSummary } from '../components/case/CaseSummary.js';
import { CaseTasks } from '../components/case/CaseTasks.js';
import { CaseTimeline } from '../components/case/CaseTimeline.js';
import { CaseNotes, SafetyPlanForm } from '../components/case/SafetyPlanForm.js';
import type { CaseView, SessionUser } from '../contracts.js';
import { useTitle } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { useRealtime } from '../realtime.js';
import { Link } from '../router.js';
import { describeError } from './Contacts.js';

/** Who a case or task can be given to: supervisors choose from the staff; an operator, themselves. */
function useAssignees(user: SessionUser): Assignee[] {
  const me = useMemo(() => ({ id: user.id, displayName: user.displayName }), [user.id, user.displayName]);
  const [staff, setStaff] = useState<Assignee[] | null>(null);
  useEffect(() => {
    if (!MANAGES_STAFF.includes(user.role)) return;
    let current = true;
    getStaff().then((list) => {
      if (current) setStaff(list.items.map((m) => ({ id: m.id, displayName: m.displayName })));
    }, () => undefined);
    return () => {
      current = false;
    };
  }, [user.role]);
  return staff ?? [me];
}

/** The open case, refetched whenever the server says it changed (or the connection comes back). */
function useCase(id: string) {
  const { t } = useI18n();
  const tRef = useRef(t);
  tRef.current = t;
  const { onCaseChanged, onConnected } = useRealtime();
  const [kase, setKase] = useState<CaseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const kaseRef = useRef(kase);
  kaseRef.current = kase;
  const seq = useRef(0);

  const load = useCallback(() => {
    const mine = ++seq.current;
    getCase(id).then((c) => {
      if (mine !== seq.current) return;
      setKase(c);
      setError(null);
    }, (err: unknown) => {
      if (mine !== seq.current) return;
      setError(err instanceof ApiError && err.status === 404 ? tRef.current('case.notFound') : describeError(tRef.current, err));
    });
  }, [id]);

  useEffect(() => {
    load();
    const offChanged = onCaseChanged((changed) => {
      if (changed === id) load();
    });
    const offConnected = onConnected(load);
    return () => {
      seq.current += 1;
      offChanged();
      offConnected();
    };
  }, [id, load, onCaseChanged, onConnected]);

  /** A newer answer than any fetch under way: that fetch is dropped. */
  const saved = useCallback((c: CaseView) => {
    seq.current += 1;
    setKase(c);
    setConflict(null);
  }, []);

  const update: UpdateCase = useCallback(async (patch) => {
    const current = kaseRef.current;
    if (!current) return null;
    try {
      const next = await updateCase(id, { ...patch, version: current.version });
      saved(next);
      return next;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setConflict(err.message);
        return null;
      }
      throw err;
    }
  }, [id, saved]);

  const reload = useCallback(() => {
    setConflict(null);
    load();
  }, [load]);

  return { kase, error, conflict, update, saved, reload };
}

/** `/cases/:id`: one case, its people, safety plan, tasks, contacts, assessments and history. */
export function CaseDetail({ id, user }: { id: string; user: SessionUser }) {
  const { t } = useI18n();
  const { kase, error, conflict, update, saved, reload } = useCase(id);
  useTitle(kase ? t('case.titleCode', { code: kase.code }) : t('case.title'));
  const assignees = useAssignees(user);
  const me = { id: user.id, displayName: user.displayName };

  const names = useMemo(() => {
    const map = new Map<string, string>(assignees.map((a) => [a.id, a.displayName]));
    if (kase?.assignedTo) map.set(kase.assignedTo.id, kase.assignedTo.displayName);
    for (const e of kase?.events ?? []) if (e.actor) map.set(e.actor.id, e.actor.displayName);
    return map;
  }, [assignees, kase]);

  return (
    <>
      <p className="crumbs"><Link href="/cases"><span aria-hidden="true">← </span>{t('case.back')}</Link></p>
      <h1 tabIndex={-1}>
        {t('case.title')}
        {kase && <> <span className="case-code" data-testid="case-code">{kase.code}</span></>}
      </h1>
      {error && <p role="alert" className="error">{error}</p>}
      {!kase && !error && <p className="muted">{t('app.loading')}</p>}
      {conflict && (
        <div role="alert" className="banner banner-danger" data-testid="case-conflict">
          <p>{conflict}</p>
          <button type="button" onClick={reload}>{t('intake.reload')}</button>
        </div>
      )}
      {kase?.mergedInto && (
        <p className="banner banner-warn" data-testid="case-merged-into">
          {t('case.mergedInto')} <Link href={`/cases/${encodeURIComponent(kase.mergedInto.id)}`}>{kase.mergedInto.code}</Link>
        </p>
      )}
      {kase && kase.mergedFrom.length > 0 && (
        <p className="hint" data-testid="case-merged-from">
          {t('case.mergedFrom')}{' '}
          {kase.mergedFrom.map((m, i) => (
            <span key={m.id}>{i > 0 && ', '}<Link href={`/cases/${encodeURIComponent(m.id)}`}>{m.code}</Link></span>
          ))}
        </p>
      )}
      {kase && (
        <div className="case-grid" data-testid="case" data-case-id={kase.id} data-version={kase.version}>
          <CaseSummary kase={kase} update={update} assignees={assignees} me={me} />
          <SafetyPlanForm kase={kase} update={update} />
          <div className="wide"><CasePersons kase={kase} update={update} /></div>
          <CaseTasks kase={kase} assignees={assignees} me={me} onSaved={saved} />
          <CaseNotes kase={kase} update={update} />
          <CaseContacts kase={kase} onSaved={saved} />
          <CaseAssessments kase={kase} />
          {!kase.mergedInto && <div className="wide"><CaseMerge kase={kase} onSaved={saved} /></div>}
          <div className="wide"><CaseTimeline events={kase.events} names={names} /></div>
        </div>
      )}
    </>
  );
}
