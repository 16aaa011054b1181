import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { searchCases } from '../api.js';
import { RiskPill } from '../components/case/RiskPill.js';
import { EnumSelect } from '../components/intake/fields.js';
import {
  CASE_STATUSES, EXPLOITATION_TYPES, PROVINCES, RISK_LEVELS,
  type CaseStatus, type CaseSummary, type ExploitationType, type Province, type RiskLevel,
} from '../contracts.js';
import { formatDateTime } from '../format.js';
import { useTitle } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { useRiskLabel } from '../i18n/risk.js';
import { Link, navigate } from '../router.js';
import { describeError } from './Contacts.js';

const PAGE = 25;

interface Filters {
  q: string;
  status: CaseStatus | null;
  risk: RiskLevel | null;
  province: Province | null;
  exploitation: ExploitationType | null;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { q: '', status: null, risk: null, province: null, exploitation: null, from: '', to: '' };

const toSearch = (f: Filters) => ({
  q: f.q.trim() || undefined,
  status: f.status ?? undefined,
  risk: f.risk ?? undefined,
  province: f.province ?? undefined,
  exploitation: f.exploitation ?? undefined,
  from: f.from || undefined,
  to: f.to || undefined,
});

function SearchForm({ initial, onSearch }: { initial: Filters; onSearch: (f: Filters) => void }) {
  const { t } = useI18n();
  const label = useRiskLabel();
  const id = useId();
  const [f, setF] = useState(initial);
  const set = (patch: Partial<Filters>) => setF((old) => ({ ...old, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(f);
  };
  return (
    <form role="search" className="case-search" aria-label={t('cases.search')} onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-q`}>{t('cases.q')}</label>
        <p id={`${id}-q-hint`} className="hint">{t('cases.qHint')}</p>
        <input id={`${id}-q`} type="search" value={f.q} maxLength={60} aria-describedby={`${id}-q-hint`} onChange={(e) => set({ q: e.target.value })} />
      </div>
      <div className="field-grid">
        <EnumSelect label={t('cases.status')} value={f.status} options={CASE_STATUSES} optionLabel={(s) => t(`caseStatus.${s}`)} onChange={(status) => set({ status })} />
        <EnumSelect label={t('cases.risk')} value={f.risk} options={RISK_LEVELS} optionLabel={label} onChange={(risk) => set({ risk })} />
        <EnumSelect label={t('cases.province')} value={f.province} options={PROVINCES} optionLabel={(p) => p} onChange={(province) => set({ province })} />
        <EnumSelect label={t('cases.exploitation')} value={f.exploitation} options={EXPLOITATION_TYPES} optionLabel={label}
          onChange={(exploitation) => set({ exploitation })} />
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('cases.from')}</label>
          <input id={`${id}-from`} type="date" value={f.from} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('cases.to')}</label>
          <input id={`${id}-to`} type="date" value={f.to} onChange={(e) => set({ to: e.target.value })} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="primary">{t('cases.searchButton')}</button>
        <button type="button" className="quiet" onClick={() => { setF(NO_FILTERS); onSearch(NO_FILTERS); }}>{t('cases.clear')}</button>
      </div>
    </form>
  );
}

/** `/cases`: find a case by code or pseudonym, or browse them with filters, newest first. */
export function CasesPage() {
  const { t, locale } = useI18n();
  useTitle(t('cases.title'));
  const label = useRiskLabel();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [items, setItems] = useState<CaseSummary[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const tRef = useRef(t);
  tRef.current = t;

  const load = useCallback(async (f: Filters, cursor?: string) => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const page = await searchCases({ ...toSearch(f), cursor, limit: PAGE });
      if (mine !== seq.current) return;
      setItems((old) => (cursor ? [...old, ...page.items.filter((c) => !old.some((o) => o.id === c.id))] : page.items));
      setNext(page.next);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError(describeError(tRef.current, err));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(filters);
  }, [filters, load]);

  const dash = t('app.dash');
  return (
    <>
      <h1 tabIndex={-1}>{t('cases.title')}</h1>
      <SearchForm initial={filters} onSearch={(f) => setFilters({ ...f })} />
      {error && <p role="alert" className="error">{error}</p>}
      <div className="table-wrap">
        <table className="contacts" aria-busy={loading} data-testid="cases-table">
          <caption>{t('cases.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cases.code')}</th>
              <th scope="col">{t('cases.status')}</th>
              <th scope="col">{t('cases.risk')}</th>
              <th scope="col">{t('cases.province')}</th>
              <th scope="col">{t('cases.types')}</th>
              <th scope="col">{t('cases.assignee')}</th>
              <th scope="col">{t('cases.openedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => {
              const href = `/cases/${encodeURIComponent(c.id)}`;
              return (
                <tr
                  key={c.id}
                  className="clickable"
                  data-testid="case-row"
                  data-case-id={c.id}
                  onClick={(e) => {
                    if (!(e.target instanceof HTMLElement) || !e.target.closest('a')) navigate(href);
                  }}
                >
                  <td><Link href={href}>{c.code}</Link>{c.mergedInto && <span className="hint"> → {c.mergedInto.code}</span>}</td>
                  <td><span className={`pill case-status-${c.status}`}>{t(`caseStatus.${c.status}`)}</span></td>
                  <td><RiskPill level={c.riskLevel} /></td>
                  <td>{c.province ?? dash}</td>
                  <td>{c.exploitationTypes.length ? c.exploitationTypes.map(label).join(', ') : dash}</td>
                  <td>{c.assignedTo?.displayName ?? dash}</td>
                  <td>{formatDateTime(c.openedAt, locale)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {loading && items.length === 0 && <p className="muted">{t('cases.loading')}</p>}
      {!loading && !error && items.length === 0 && <p className="muted" data-testid="cases-empty">{t('cases.empty')}</p>}
      {next && (
        <p>
          <button type="button" onClick={() => void load(filters, next)} disabled={loading}>{t('cases.more')}</button>
        </p>
      )}
    </>
  );
}
