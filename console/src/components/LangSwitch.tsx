import { UI_LANGS, useI18n } from '../i18n/index.js';

/** EN / IT: each button names its language in that language's code; the choice is remembered. */
export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.switch')}>
      {UI_LANGS.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          title={code === 'en' ? 'English' : 'Italiano'}
          aria-pressed={lang === code}
          onClick={() => setLang(code)}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
