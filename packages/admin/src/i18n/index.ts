import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { jiafangEnglish } from './jiafang.en';
import { jiafangChinese } from './jiafang.zh-CN';
import reactAdminChinese from './zh-CN';

// react-admin's messages plus the admin's own, under `jiafang.`.
const chineseMessages = { ...reactAdminChinese, jiafang: jiafangChinese };
// 'zh-CN' (not 'zh') so Intl formats numbers and dates as in mainland China.
const messagesByLocale = { 'zh-CN': chineseMessages, en: { ...englishMessages, jiafang: jiafangEnglish } };

/**
 * Polyglot's built-in Chinese rule always takes the first "||||" form, but
 * react-admin's singular and plural forms differ in content (the singular one
 * names the record), so both locales use the one/other rule.
 */
const oneOrOther = {
    pluralTypes: { oneOrOther: (count: number) => (count === 1 ? 0 : 1) },
    pluralTypeToLanguages: { oneOrOther: ['zh', 'en'] },
};

export const i18nProvider = polyglotI18nProvider(
    locale => messagesByLocale[locale as keyof typeof messagesByLocale] ?? chineseMessages,
    'zh-CN',
    [
        { locale: 'zh-CN', name: '简体中文' },
        { locale: 'en', name: 'English' },
    ],
    // Labels come from the schema, already in Chinese: a key without translation shows as itself, quietly.
    { allowMissing: true, pluralRules: oneOrOther },
);
