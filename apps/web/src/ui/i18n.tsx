import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en, type MessageKey } from './messages.en.js';
import { es } from './messages.es.js';

export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export const locales = {
  en: { name: 'English', messages: en },
  es: { name: 'Español', messages: es },
} as const;
export type Locale = keyof typeof locales;

const storageKey = 'brigade.locale';

/** The saved choice, else the browser's first language we ship, else English. */
export function detectLocale(): Locale {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved && saved in locales) return saved as Locale;
  } catch {
    // storage blocked: fall through
  }
  for (const language of navigator.languages ?? [navigator.language]) {
    const base = language.toLowerCase().split('-')[0];
    if (base && base in locales) return base as Locale;
  }
  return 'en';
}

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>) {
  const template: string = locales[locale].messages[key] ?? en[key];
  return params
    ? template.replace(/\{(\w+)\}/g, (all, name: string) => String(params[name] ?? all))
    : template;
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(detectLocale);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // not persisted; still switched
    }
    document.documentElement.lang = next;
  }, []);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }),
    [locale, setLocale],
  );
  document.documentElement.lang = locale;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function LanguageSwitcher() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className="inline-flex items-center gap-2 text-sm">
      <span className="sr-only">{t('common.language')}</span>
      <select
        className="rounded-md border border-stone-300 bg-white px-2 text-stone-900"
        value={locale}
        onChange={(event) => setLocale(event.target.value as Locale)}
      >
        {Object.entries(locales).map(([code, { name }]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
