import type { Catalogue } from '../../functions/core/message-catalogue';
import { byLanguageTag, type PatientLanguageTag } from '../../functions/core/patient-languages';
import pageEnglish from '../../locales/page/en.json';
import serverEnglish from '../../locales/server/en.json';

/** What a language says on the page: its words, and the server's words by code (Uppy's: uppy-locales.ts). */
export interface LanguagePack {
  readonly page: Catalogue;
  readonly server: Catalogue;
}

/**
 * English is in the page's own script (every other language falls back to it, message by
 * message); each other language is a chunk of its own, fetched when the page first speaks it, so
 * a patient on a slow link loads one language, not thirteen.
 */
export const englishPack: LanguagePack = { page: pageEnglish, server: serverEnglish };
export const pageSource = pageEnglish;

type Loaded = { default: unknown };
const pack = async (page: Promise<Loaded>, server: Promise<Loaded>): Promise<LanguagePack> => {
  const [pageModule, serverModule] = await Promise.all([page, server]);
  return { page: pageModule.default as Catalogue, server: serverModule.default as Catalogue };
};

// Each a function, so nothing is fetched until the language is asked for.
const loaders = byLanguageTag<() => Promise<LanguagePack>>({
  en: async () => englishPack,
  ar: () => pack(import('../../locales/page/ar.json'), import('../../locales/server/ar.json')),
  es: () => pack(import('../../locales/page/es.json'), import('../../locales/server/es.json')),
  fr: () => pack(import('../../locales/page/fr.json'), import('../../locales/server/fr.json')),
  id: () => pack(import('../../locales/page/id.json'), import('../../locales/server/id.json')),
  mn: () => pack(import('../../locales/page/mn.json'), import('../../locales/server/mn.json')),
  pt: () => pack(import('../../locales/page/pt.json'), import('../../locales/server/pt.json')),
  ru: () => pack(import('../../locales/page/ru.json'), import('../../locales/server/ru.json')),
  th: () => pack(import('../../locales/page/th.json'), import('../../locales/server/th.json')),
  uz: () => pack(import('../../locales/page/uz.json'), import('../../locales/server/uz.json')),
  vi: () => pack(import('../../locales/page/vi.json'), import('../../locales/server/vi.json')),
  zhCN: () => pack(import('../../locales/page/zh-CN.json'), import('../../locales/server/zh-CN.json')),
  zhTW: () => pack(import('../../locales/page/zh-TW.json'), import('../../locales/server/zh-TW.json')),
});

const loading = new Map<PatientLanguageTag, Promise<LanguagePack>>();

/** A language's pack, fetched once; a failed fetch (a dropped connection) is tried again next time. */
export function loadLanguage(tag: PatientLanguageTag): Promise<LanguagePack> {
  const known = loading.get(tag);
  if (known) return known;
  const fetched = loaders[tag]().catch((error: unknown) => {
    loading.delete(tag);
    throw error;
  });
  loading.set(tag, fetched);
  return fetched;
}
