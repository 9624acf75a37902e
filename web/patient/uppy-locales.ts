import ar from '@uppy/locales/lib/ar_SA.js';
import en from '@uppy/locales/lib/en_US.js';
import es from '@uppy/locales/lib/es_ES.js';
import fr from '@uppy/locales/lib/fr_FR.js';
import id from '@uppy/locales/lib/id_ID.js';
import pt from '@uppy/locales/lib/pt_BR.js';
import ru from '@uppy/locales/lib/ru_RU.js';
import th from '@uppy/locales/lib/th_TH.js';
import uz from '@uppy/locales/lib/uz_UZ.js';
import vi from '@uppy/locales/lib/vi_VN.js';
import zhCN from '@uppy/locales/lib/zh_CN.js';
import zhTW from '@uppy/locales/lib/zh_TW.js';
import type { Locale } from '@uppy/utils';
import { byLanguageTag } from '../../functions/core/patient-languages';
import type { Language } from './i18n';

// Locales differ in their plural forms (Chinese has one, Russian three): any count of them.
type UppyLocale = Locale<number>;

/** The upload widget's own words, from Uppy's locales; Uppy has none for Mongolian (English). */
const files = { ar, en, es, fr, id, pt, ru, th, uz, vi, zhCN, zhTW };
const locales: Partial<Record<Language, UppyLocale>> = byLanguageTag<UppyLocale>(files);

export function uppyLocale(language: Language): UppyLocale {
  return locales[language] ?? en;
}
