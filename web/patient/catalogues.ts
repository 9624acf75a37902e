import type { Catalogue } from '../../functions/core/message-catalogue';
import { byLanguageTag, type PatientLanguageTag } from '../../functions/core/patient-languages';
import ar from '../../locales/page/ar.json';
import en from '../../locales/page/en.json';
import es from '../../locales/page/es.json';
import fr from '../../locales/page/fr.json';
import id from '../../locales/page/id.json';
import mn from '../../locales/page/mn.json';
import pt from '../../locales/page/pt.json';
import ru from '../../locales/page/ru.json';
import th from '../../locales/page/th.json';
import uz from '../../locales/page/uz.json';
import vi from '../../locales/page/vi.json';
import zhCN from '../../locales/page/zh-CN.json';
import zhTW from '../../locales/page/zh-TW.json';

/**
 * The page's catalogues, bundled: the page switches language without a round trip, and a
 * patient on a slow link loads them once with the page (about 25 KB each before compression).
 */
export const pageSource = en;
const files = { ar, en, es, fr, id, mn, pt, ru, th, uz, vi, zhCN, zhTW };
export const pageCatalogues: Readonly<Record<PatientLanguageTag, Catalogue>> =
  byLanguageTag<Catalogue>(files);
