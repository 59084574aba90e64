import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

/** The languages of the web application; Simplified Chinese first. */
export const LANGUAGES = ['zh-CN', 'en'] as const;

/** A language of the web application. */
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'language';

/** The language chosen last on this browser, Simplified Chinese when none was chosen. */
export function savedLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.find((l) => l === saved) ?? 'zh-CN';
}

/** Switches the application to `language` and remembers the choice on this browser. */
export async function changeLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

/** The i18next instance with the application's message catalogues, initialised in the saved language. */
export const i18n = i18next;

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: savedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = savedLanguage();
