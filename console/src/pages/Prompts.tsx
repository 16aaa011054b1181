import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { EDITS_IVR_SETTINGS } from '../access.js';
import { getPrompts } from '../api.js';
import { PromptCard } from '../components/PromptCard.js';
import type { Language, PromptItem, Role } from '../contracts.js';
import { errorMessage } from '../errors.js';
import { useTitle } from '../hooks.js';
import { languageName, useI18n } from '../i18n/index.js';

/** `/admin/prompts`: what callers hear, language by language; admins change the words, supervisors read them. */
export function PromptsPage({ role }: { role: Role }) {
  const { t, lang } = useI18n();
  useTitle(t('prompts.title'));
  const selectId = useId();
  const listId = useId();
  const [items, setItems] = useState<PromptItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The interface's language first when callers can choose it too (an Italian admin reads Italian).
  const [language, setLanguage] = useState<Language>(lang);
  const tRef = useRef(t);
  tRef.current = t;
  const editable = EDITS_IVR_SETTINGS.includes(role);

  useEffect(() => {
    let current = true;
    getPrompts().then(
      (list) => { if (current) setItems(list.items); },
      (err: unknown) => { if (current) setError(tRef.current('prompts.loadFailed', { error: errorMessage(tRef.current, err) })); },
    );
    return () => {
      current = false;
    };
  }, []);

  const replace = useCallback((next: PromptItem) => {
    setItems((list) => list?.map((i) => (i.language === next.language && i.key === next.key ? next : i)) ?? list);
  }, []);

  const languages = items ? [...new Set(items.map((i) => i.language))] : [];
  const shown = items?.filter((i) => i.language === language) ?? [];
  const editedIn = (l: Language) => items?.filter((i) => i.language === l && i.text !== null).length ?? 0;

  return (
    <>
      <h1 tabIndex={-1}>{t('prompts.title')}</h1>
      <p>{t('prompts.intro')}</p>
      {!editable && <p className="banner banner-info" data-testid="prompts-read-only">{t('prompts.readOnly')}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {!items && !error && <p className="muted">{t('app.loading')}</p>}
      {items && (
        <section className="panel" aria-labelledby={listId}>
          <h2 id={listId} className="visually-hidden">{t('prompts.listTitle', { language: languageName(t, language) })}</h2>
          <div className="field prompt-language">
            <label htmlFor={selectId}>{t('prompts.language')}</label>
            <select id={selectId} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
              {languages.map((l) => {
                const count = editedIn(l);
                const name = languageName(t, l);
                return <option key={l} value={l}>{count ? t('prompts.languageEdited', { name, count }) : name}</option>;
              })}
            </select>
          </div>
          <p className="hint">{t('prompts.placeholdersIntro', { example: '{position}' })}</p>
          {shown.length === 0
            ? <p className="muted">{t('prompts.none')}</p>
            : (
              <ul className="prompt-list" data-testid="prompt-list" data-language={language}>
                {shown.map((item) => (
                  <li key={`${item.language}:${item.key}`}>
                    <PromptCard item={item} editable={editable} onChange={replace} />
                  </li>
                ))}
              </ul>
            )}
        </section>
      )}
    </>
  );
}
