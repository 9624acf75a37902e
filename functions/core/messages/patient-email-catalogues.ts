import ar from '../../../locales/email/ar.json';
import en from '../../../locales/email/en.json';
import es from '../../../locales/email/es.json';
import fr from '../../../locales/email/fr.json';
import id from '../../../locales/email/id.json';
import mn from '../../../locales/email/mn.json';
import pt from '../../../locales/email/pt.json';
import ru from '../../../locales/email/ru.json';
import th from '../../../locales/email/th.json';
import uz from '../../../locales/email/uz.json';
import vi from '../../../locales/email/vi.json';
import zhCN from '../../../locales/email/zh-CN.json';
import zhTW from '../../../locales/email/zh-TW.json';
import type { Catalogue } from '../message-catalogue';
import { byLanguageTag, type PatientLanguageTag } from '../patient-languages';

/** The emails to the patient, one catalogue per language (locales/email), English the source. */
export const emailSource = en;
const files = { ar, en, es, fr, id, mn, pt, ru, th, uz, vi, zhCN, zhTW };
export const emailCatalogues: Readonly<Record<PatientLanguageTag, Catalogue>> =
  byLanguageTag<Catalogue>(files);
