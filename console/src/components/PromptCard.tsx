import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, resetPrompt, savePrompt } from '../api.js';
import { PromptEdit, type PromptItem } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { LANGUAGE_AUTONYMS, useT, type MessageKey } from '../i18n/index.js';

const MAX = PromptEdit.shape.text.maxLength ?? 600;

/** The `lang` of a prompt's text, so screen readers and fonts treat it as the caller hears it. */
const tagOf = (item: PromptItem) => (item.language === 'other' ? undefined : LANGUAGE_AUTONYMS[item.language].tag);

export const placeholderList = (item: PromptItem) => item.placeholders.map((p) => `{${p}}`).join(', ');

type Focus = 'text' | 'edit';

/**
 * One prompt in one language: the catalogue's text, the admin's text if any, whether a recording
 * plays it; admins edit it in place or put the default back.
 */
export function PromptCard({ item, editable, onChange }: { item: PromptItem; editable: boolean; onChange: (item: PromptItem) => void }) {
  const t = useT();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState<'save' | 'reset' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<MessageKey | null>(null);
  const pendingFocus = useRef<Focus | null>(null);
  const cardRef = useRef<HTMLElement>(null);
  const edited = item.text !== null;
  const tag = tagOf(item);
  const ids = { heading: `${id}-h`, text: `${id}-text`, hint: `${id}-hint`, error: `${id}-error` };

  // The control pressed may be gone after a step (the form closes): focus goes where work continues.
  useEffect(() => {
    const focus = pendingFocus.current;
    if (!focus) return;
    pendingFocus.current = null;
    cardRef.current?.querySelector<HTMLElement>(`[data-focus="${focus}"]`)?.focus();
  });

  const open = () => {
    setDraft(item.text ?? item.defaultText);
    setError(null);
    setStatus(null);
    setEditing(true);
    pendingFocus.current = 'text';
  };
  const close = () => {
    setEditing(false);
    setError(null);
    pendingFocus.current = 'edit';
  };

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const text = draft.trim();
    if (!text) {
      setError(t('prompts.empty', { max: MAX }));
      pendingFocus.current = 'text';
      setStatus(null);
      return;
    }
    setBusy('save');
    setError(null);
    setStatus(null);
    try {
      onChange(await savePrompt(item.language, item.key, text));
      setStatus('prompts.saved');
      close();
    } catch (err) {
      // A 400 without fields is the server's own sentence (a placeholder lost or added): shown as is.
      if (err instanceof ApiError && err.status === 400) {
        setError(Object.keys(err.fields).length ? t('prompts.empty', { max: MAX }) : err.message);
      } else {
        setError(t('prompts.failed', { error: errorMessage(t, err) }));
      }
      pendingFocus.current = 'text';
    } finally {
      setBusy(null);
    }
  };

  const reset = async () => {
    if (busy) return;
    setBusy('reset');
    setError(null);
    setStatus(null);
    try {
      onChange(await resetPrompt(item.language, item.key));
      setStatus('prompts.resetDone');
      if (editing) close();
      else pendingFocus.current = 'edit';
    } catch (err) {
      setError(t('prompts.failed', { error: errorMessage(t, err) }));
    } finally {
      setBusy(null);
    }
  };

  const resetButton = edited && (
    <button type="button" className="quiet" onClick={() => void reset()} disabled={busy !== null} aria-label={t('prompts.resetKey', { key: item.key })}>
      {busy === 'reset' ? t('prompts.resetting') : t('prompts.reset')}
    </button>
  );

  return (
    <article ref={cardRef} className={`prompt${edited ? ' prompt-edited' : ''}`} aria-labelledby={ids.heading} data-testid="prompt" data-key={item.key}>
      <div className="prompt-head">
        <h3 id={ids.heading}><code>{item.key}</code></h3>
        {edited && <span className="pill pill-edited" data-testid="prompt-edited">{t('prompts.edited')}</span>}
        {item.recorded && <span className="pill" data-testid="prompt-recorded">{t('prompts.recorded')}</span>}
      </div>
      <dl className="pairs">
        <div>
          <dt>{t('prompts.defaultText')}</dt>
          <dd lang={tag} dir="auto" data-testid="prompt-default">{item.defaultText}</dd>
        </div>
        {edited && (
          <div>
            <dt>{t('prompts.editedText')}</dt>
            <dd lang={tag} dir="auto" data-testid="prompt-text">{item.text}</dd>
          </div>
        )}
      </dl>
      {item.recorded && <p className="hint">{edited ? t('prompts.recordedEdited') : t('prompts.recordedPlays')}</p>}
      {item.placeholders.length > 0 && !editing && <p className="hint">{t('prompts.keep', { list: placeholderList(item) })}</p>}
      {editable && editing && (
        <form
          className="prompt-form"
          aria-label={t('prompts.editKey', { key: item.key })}
          onSubmit={(e) => void save(e)}
          onKeyDown={(e) => {
            // Escape leaves the editor unsaved, as Cancel does.
            if (e.key === 'Escape' && !busy) {
              e.preventDefault();
              close();
            }
          }}
          noValidate
        >
          <label htmlFor={ids.text}>{t('prompts.newText')}</label>
          <textarea
            id={ids.text}
            data-focus="text"
            name="text"
            rows={3}
            maxLength={MAX}
            lang={tag}
            dir="auto"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={[ids.hint, ...(error ? [ids.error] : [])].join(' ')}
          />
          <p id={ids.hint} className="hint">
            {item.placeholders.length > 0 ? `${t('prompts.keep', { list: placeholderList(item) })} ` : ''}
            {t('prompts.count', { count: draft.trim().length, max: MAX })}
          </p>
          {error && <p id={ids.error} className="field-error" data-testid="prompt-error">{error}</p>}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy !== null}>{busy === 'save' ? t('ivr.saving') : t('prompts.save')}</button>
            <button type="button" className="quiet" onClick={close} disabled={busy !== null}>{t('prompts.cancel')}</button>
            {resetButton}
          </div>
        </form>
      )}
      {editable && !editing && (
        <div className="actions">
          <button type="button" data-focus="edit" onClick={open} aria-label={t('prompts.editKey', { key: item.key })}>{t('prompts.edit')}</button>
          {resetButton}
        </div>
      )}
      {!editing && error && <p role="alert" className="error">{error}</p>}
      <p role="status" className="saved">{status ? t(status) : ''}</p>
    </article>
  );
}
