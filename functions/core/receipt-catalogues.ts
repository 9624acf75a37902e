import ar from '../../locales/receipt/ar.json';
import en from '../../locales/receipt/en.json';
import es from '../../locales/receipt/es.json';
import fr from '../../locales/receipt/fr.json';
import id from '../../locales/receipt/id.json';
import mn from '../../locales/receipt/mn.json';
import pt from '../../locales/receipt/pt.json';
import ru from '../../locales/receipt/ru.json';
import th from '../../locales/receipt/th.json';
import uz from '../../locales/receipt/uz.json';
import vi from '../../locales/receipt/vi.json';
import zhCN from '../../locales/receipt/zh-CN.json';
import zhTW from '../../locales/receipt/zh-TW.json';
import type { Catalogue } from './message-catalogue';
import { byLanguageTag, type PatientLanguageTag } from './patient-languages';

/** The labels of a payment receipt, one catalogue per language (locales/receipt). */
const files = { ar, en, es, fr, id, mn, pt, ru, th, uz, vi, zhCN, zhTW };
export const receiptCatalogues: Readonly<Record<PatientLanguageTag, Catalogue>> =
  byLanguageTag<Catalogue>(files);
