import type { Catalogue } from '../../functions/core/message-catalogue';
import { byLanguageTag } from '../../functions/core/patient-languages';
import ar from '../../locales/booking/ar.json';
import en from '../../locales/booking/en.json';
import es from '../../locales/booking/es.json';
import fr from '../../locales/booking/fr.json';
import id from '../../locales/booking/id.json';
import mn from '../../locales/booking/mn.json';
import pt from '../../locales/booking/pt.json';
import ru from '../../locales/booking/ru.json';
import th from '../../locales/booking/th.json';
import uz from '../../locales/booking/uz.json';
import vi from '../../locales/booking/vi.json';
import zhCN from '../../locales/booking/zh-CN.json';
import zhTW from '../../locales/booking/zh-TW.json';

/** The booking page's words in every language (small: all of them ride in its one script). */
export const bookingCatalogues = byLanguageTag<Catalogue>({
  ar,
  en,
  es,
  fr,
  id,
  mn,
  pt,
  ru,
  th,
  uz,
  vi,
  zhCN,
  zhTW,
});
export const bookingSource: Catalogue = en;
export type BookingKey = keyof typeof en;
