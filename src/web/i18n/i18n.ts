import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

type Catalogue = Record<string, unknown>;

/**
 * The catalogues of the application's areas (`<area>/messages.zh-CN.json`, `<area>/messages.en.json`), each holding
 * its own top-level keys, merged over the common catalogues of this folder.
 */
const AREA_CATALOGUES = import.meta.glob<Catalogue>('../*/messages.*.json', { eager: true, import: 'default' });

/** The common catalogue of `language` with every area's catalogue of that language; a key defined twice is an error. */
function catalogue(language: string, common: Catalogue): Catalogue {
  const merged: Catalogue = { ...common };
  for (const [path, messages] of Object.entries(AREA_CATALOGUES)) {
    if (!path.endsWith(`/messages.${language}.json`)) continue;
    for (const [key, value] of Object.entries(messages)) {
      if (key in merged) throw new Error(`message key '${key}' of ${path} is defined twice`);
      merged[key] = value;
    }
  }
  return merged;
}

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
  resources: { 'zh-CN': { translation: catalogue('zh-CN', zhCN) }, en: { translation: catalogue('en', en) } },
  lng: savedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = savedLanguage();
