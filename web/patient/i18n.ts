import { MessageCatalogue, type MessageValues } from '../../functions/core/message-catalogue';
import {
  type PatientLanguage,
  type PatientLanguageTag,
  patientLanguageOf,
  patientLanguages,
} from '../../functions/core/patient-languages';
import {
  formatServerMessage,
  type MessageParams,
  serverSourceCatalogue,
} from '../../functions/core/server-messages';
import type { ItemId } from '../../functions/core/vocabulary';
import { ApiError } from './api';
import { englishPack, type LanguagePack, pageSource } from './catalogues';

/**
 * The page's interface languages: one catalogue each in locales/page (ICU MessageFormat, with
 * the English source's descriptions for translators). A message a catalogue lacks is said in
 * English, never shown as a blank or a key.
 */
export type Language = PatientLanguageTag;
export const languages: readonly PatientLanguage[] = patientLanguages;

type PageKey = keyof typeof pageSource;
/** A message of its own (not an entry of a table such as `statuses.collecting`). */
export type MessageKey = Exclude<PageKey, `${string}.${string}`>;
type TableOf<K> = K extends `${infer Table}.${string}` ? Table : never;
/** A table of entries by value: statuses, responses, kinds… (`items` has its own method). */
export type TableKey = Exclude<TableOf<PageKey>, 'items'>;

export class Translator {
  readonly dir: 'ltr' | 'rtl';
  private readonly messages: MessageCatalogue;
  private readonly serverMessages: MessageCatalogue;

  /** `pack`: the language's catalogues (catalogues.ts loadLanguage); English when not given. */
  constructor(
    readonly language: Language,
    pack: LanguagePack = englishPack,
  ) {
    this.dir = patientLanguageOf(language).dir;
    this.messages = new MessageCatalogue(language, pack.page, pageSource);
    this.serverMessages = new MessageCatalogue(language, pack.server, serverSourceCatalogue);
  }

  t(key: MessageKey, values: MessageValues = {}): string {
    return this.messages.format(key, values);
  }

  /** One entry of a table (statuses, responses…), falling back to the raw value. */
  pick(table: TableKey, value: string): string {
    const key = `${table}.${value}`;
    return this.messages.has(key) ? this.messages.format(key) : value;
  }

  /** A checklist item's name and why it is needed; `markers` names the markers for this cancer. */
  item(itemId: ItemId, markers = '—'): { title: string; why: string } {
    return {
      title: this.messages.format(`items.${itemId}.title`),
      why: this.messages.format(`items.${itemId}.why`, { markers }),
    };
  }

  /**
   * What the server said by code (`gap.<code>`, `rejection.<code>`, `error.<code>`), in this
   * language where its catalogue has the message, else the English the server sent beside it.
   */
  server(key: string, params: MessageParams | undefined, english: string): string {
    return formatServerMessage(this.serverMessages, key, params ?? {}, english);
  }

  gap(gap: { code?: string; params?: MessageParams; message: string }): string {
    return gap.code ? this.server(`gap.${gap.code}`, gap.params, gap.message) : gap.message;
  }

  /** Why a file was not accepted, or undefined when the server gave no reason. */
  rejection(doc: { reasonCode?: string; reasonParams?: MessageParams; reason?: string }): string | undefined {
    if (!doc.reason) return undefined;
    return doc.reasonCode
      ? this.server(`rejection.${doc.reasonCode}`, doc.reasonParams, doc.reason)
      : doc.reason;
  }

  /** What went wrong with a call to the API, in this language: its error by code, or the network. */
  error(error: unknown): string {
    return error instanceof ApiError
      ? this.server(`error.${error.code}`, {}, error.message)
      : this.t('networkError');
  }

  date(iso: string): string {
    return new Intl.DateTimeFormat(this.language, { dateStyle: 'long' }).format(new Date(iso));
  }
}

/**
 * The page's language: the patient's own choice on this device, else the case's language once
 * the case is loaded (`caseLanguage`), else the browser's; English when none has a catalogue.
 */
export function initialLanguage(
  saved: string | null,
  browser: readonly string[],
  caseLanguage?: string,
): Language {
  if (saved && patientLanguages.some((language) => language.tag === saved)) return saved as Language;
  if (caseLanguage) return patientLanguageOf(caseLanguage).tag as Language;
  for (const tag of browser) {
    const language = patientLanguageOf(tag);
    if (language.tag !== 'en' || tag.toLowerCase().startsWith('en')) return language.tag as Language;
  }
  return 'en';
}
