import { useId, useState, type FormEvent } from 'react';
import { addCaseTask, setCaseTaskDone } from '../../api.js';
import type { CaseView, TaskView } from '../../contracts.js';
import { errorMessage } from '../../errors.js';
import { formatDateMedium } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { fromLocalInput } from '../intake/answers.js';
import type { Assignee } from './caseApi.js';

function TaskRow({ kase, task, onSaved }: { kase: CaseView; task: TaskView; onSaved: (c: CaseView) => void }) {
  const { t, locale } = useI18n();
  /** The tick as the person just set it, until the server answers (then the server's). */
  const [wanted, setWanted] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = wanted ?? task.doneAt !== null;
  const busy = wanted !== null;
  const toggle = async (next: boolean) => {
    setWanted(next);
    setError(null);
    try {
      onSaved(await setCaseTaskDone(kase.id, task.id, next));
    } catch (err) {
      setError(t('case.saveFailed', { error: errorMessage(t, err) }));
    } finally {
      setWanted(null);
    }
  };
  return (
    <li className={`task${done ? ' task-done' : ''}`} data-testid="case-task" data-done={task.doneAt !== null}>
      <label className="check">
        <input type="checkbox" checked={done} aria-busy={busy} onChange={(e) => { if (!busy) void toggle(e.target.checked); }} />
        <span>{task.title}</span>
      </label>
      <p className="hint">
        {[
          task.dueAt ? t('case.taskDue', { date: formatDateMedium(task.dueAt, locale) }) : null,
          task.owner ? t('case.taskOwner', { name: task.owner.displayName }) : null,
          task.doneAt ? t('case.taskDoneAt', { date: formatDateMedium(task.doneAt, locale) }) : null,
        ].filter(Boolean).join(' · ')}
      </p>
      {error && <p role="alert" className="field-error">{error}</p>}
    </li>
  );
}

function AddTask({ kase, assignees, me, onSaved }: { kase: CaseView; assignees: readonly Assignee[]; me: Assignee; onSaved: (c: CaseView) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [owner, setOwner] = useState(me.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!title.trim()) {
      setError(t('case.taskNoTitle'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(await addCaseTask(kase.id, { title: title.trim(), dueAt: fromLocalInput(due), ownerId: owner || null }));
      setTitle('');
      setDue('');
    } catch (err) {
      setError(t('case.saveFailed', { error: errorMessage(t, err) }));
    } finally {
      setBusy(false);
    }
  };
  const people = assignees.some((a) => a.id === me.id) ? assignees : [me, ...assignees];
  return (
    <form className="add-task" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${id}-title`}>{t('case.taskTitle')}</label>
          <input id={`${id}-title`} maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} aria-invalid={error && !title.trim() ? true : undefined} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>{t('case.taskDueAt')}</label>
          <input id={`${id}-due`} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-owner`}>{t('case.taskOwnerLabel')}</label>
          <select id={`${id}-owner`} value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">{t('case.nobody')}</option>
            {people.map((p) => <option key={p.id} value={p.id}>{p.displayName}</option>)}
          </select>
        </div>
      </div>
      <button type="submit" aria-disabled={busy}>{t('case.addTask')}</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

export function CaseTasks({ kase, assignees, me, onSaved }: { kase: CaseView; assignees: readonly Assignee[]; me: Assignee; onSaved: (c: CaseView) => void }) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('case.tasks')}</h2>
      {kase.tasks.length === 0
        ? <p className="muted">{t('case.noTasks')}</p>
        : <ul className="tasks">{kase.tasks.map((task) => <TaskRow key={task.id} kase={kase} task={task} onSaved={onSaved} />)}</ul>}
      <AddTask kase={kase} assignees={assignees} me={me} onSaved={onSaved} />
    </section>
  );
}
