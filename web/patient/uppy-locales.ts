import english from '@uppy/locales/lib/en_US.js';
import type { Locale } from '@uppy/utils';
import { byLanguageTag, type PatientLanguageTag } from '../../functions/core/patient-languages';

// Locales differ in their plural forms (Chinese has one, Russian three): any count of them.
export type UppyLocale = Locale<number>;
export const uppyEnglish: UppyLocale = english;

type Loaded = Promise<{ default: unknown }>;
const locale = async (module: Loaded) => (await module).default as UppyLocale;

/**
 * The upload widget's own words, from Uppy's locales, each fetched when the page first speaks
 * its language. Uppy has none for Mongolian: its buttons stay English there.
 */
const loaders = byLanguageTag<() => Promise<UppyLocale>>({
  en: async () => uppyEnglish,
  ar: () => locale(import('@uppy/locales/lib/ar_SA.js')),
  es: () => locale(import('@uppy/locales/lib/es_ES.js')),
  fr: () => locale(import('@uppy/locales/lib/fr_FR.js')),
  id: () => locale(import('@uppy/locales/lib/id_ID.js')),
  pt: () => locale(import('@uppy/locales/lib/pt_BR.js')),
  ru: () => locale(import('@uppy/locales/lib/ru_RU.js')),
  th: () => locale(import('@uppy/locales/lib/th_TH.js')),
  uz: () => locale(import('@uppy/locales/lib/uz_UZ.js')),
  vi: () => locale(import('@uppy/locales/lib/vi_VN.js')),
  zhCN: () => locale(import('@uppy/locales/lib/zh_CN.js')),
  zhTW: () => locale(import('@uppy/locales/lib/zh_TW.js')),
});

export function loadUppyLocale(tag: PatientLanguageTag): Promise<UppyLocale> {
  return (loaders[tag] ?? (async () => uppyEnglish))().catch(() => uppyEnglish);
}
