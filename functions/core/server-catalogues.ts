import ar from '../../locales/server/ar.json';
import en from '../../locales/server/en.json';
import es from '../../locales/server/es.json';
import fr from '../../locales/server/fr.json';
import id from '../../locales/server/id.json';
import mn from '../../locales/server/mn.json';
import pt from '../../locales/server/pt.json';
import ru from '../../locales/server/ru.json';
import th from '../../locales/server/th.json';
import uz from '../../locales/server/uz.json';
import vi from '../../locales/server/vi.json';
import zhCN from '../../locales/server/zh-CN.json';
import zhTW from '../../locales/server/zh-TW.json';
import type { Catalogue } from './message-catalogue';
import { byLanguageTag, type PatientLanguageTag } from './patient-languages';

/**
 * What the server says to a patient by code (gaps, refusals, errors), one catalogue per language
 * (locales/server): the page says it in the language it shows, an email in the patient's.
 */
const files = { ar, en, es, fr, id, mn, pt, ru, th, uz, vi, zhCN, zhTW };
export const serverCatalogues: Readonly<Record<PatientLanguageTag, Catalogue>> =
  byLanguageTag<Catalogue>(files);
