import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES, type Language } from './i18n/i18n';

const LABELS: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

/** Switches between 中文 and English (each named in its own language). */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { i18n, t } = useTranslation();
  return (
    <Segmented<Language>
      size={size}
      aria-label={t('header.language')}
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      options={LANGUAGES.map((l) => ({ value: l, label: LABELS[l] }))}
      onChange={(l) => void changeLanguage(l)}
    />
  );
}
