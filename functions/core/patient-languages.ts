/**
 * The languages a patient reads this system in: the page, the emails and the server's messages
 * have a catalogue for each (locales/<family>/<tag>.json). A case's `language` is any BCP 47
 * tag; `patientLanguageOf` picks the catalogue that tag reads best, English when there is none.
 */

export interface PatientLanguage {
  /** The catalogue's tag, also what `<html lang>` says. */
  readonly tag: string;
  /** The language's name in itself, for the language switch. */
  readonly name: string;
  /** Arabic is written right to left: the page is mirrored. */
  readonly dir: 'ltr' | 'rtl';
}

export const patientLanguages = [
  { tag: 'en', name: 'English', dir: 'ltr' },
  { tag: 'zh-CN', name: '简体中文', dir: 'ltr' },
  { tag: 'zh-TW', name: '繁體中文', dir: 'ltr' },
  { tag: 'ru', name: 'Русский', dir: 'ltr' },
  { tag: 'ar', name: 'العربية', dir: 'rtl' },
  { tag: 'fr', name: 'Français', dir: 'ltr' },
  { tag: 'es', name: 'Español', dir: 'ltr' },
  { tag: 'pt', name: 'Português', dir: 'ltr' },
  { tag: 'vi', name: 'Tiếng Việt', dir: 'ltr' },
  { tag: 'id', name: 'Bahasa Indonesia', dir: 'ltr' },
  { tag: 'th', name: 'ไทย', dir: 'ltr' },
  // Uzbek rather than Kazakh: the larger population of the two (about 37 million), and the
  // uploader library ships an Uzbek locale, so the upload widget speaks it too (it has no Kazakh).
  { tag: 'uz', name: 'Oʻzbekcha', dir: 'ltr' },
  { tag: 'mn', name: 'Монгол', dir: 'ltr' },
] as const satisfies readonly PatientLanguage[];

export type PatientLanguageTag = (typeof patientLanguages)[number]['tag'];

/** Every language above must have a complete catalogue: `npm test` fails on a missing message. */
export const requiredLanguageTags: readonly PatientLanguageTag[] = patientLanguages.map(
  (language) => language.tag,
);

export const sourceLanguageTag: PatientLanguageTag = 'en';

/** A language's tag as an identifier: `zh-CN` is imported as `zhCN`. */
type ImportName<Tag extends string> = Tag extends `${infer Language}-${infer Region}`
  ? `${Language}${Region}`
  : Tag;
export type LanguageImports<T> = Record<ImportName<PatientLanguageTag>, T>;

/**
 * A table by language tag from modules imported under their tag's identifier (`import zhCN from
 * '…/zh-CN.json'`), so each catalogue family lists its files once, by import. Bundlers need the
 * static imports; this keeps the table they make from being written out again in every family.
 */
export function byLanguageTag<T>(modules: LanguageImports<T>): Record<PatientLanguageTag, T>;
export function byLanguageTag<T>(
  modules: Partial<LanguageImports<T>>,
): Partial<Record<PatientLanguageTag, T>>;
export function byLanguageTag<T>(
  modules: Partial<LanguageImports<T>>,
): Partial<Record<PatientLanguageTag, T>> {
  const table: Partial<Record<PatientLanguageTag, T>> = {};
  for (const { tag } of patientLanguages) {
    const module = modules[tag.replace('-', '') as ImportName<PatientLanguageTag>];
    if (module !== undefined) table[tag] = module;
  }
  return table;
}

const byTag = new Map<string, PatientLanguage>(
  patientLanguages.map((language) => [language.tag.toLowerCase(), language]),
);

export function isPatientLanguageTag(tag: string): tag is PatientLanguageTag {
  return byTag.has(tag.toLowerCase()) && patientLanguages.some((language) => language.tag === tag);
}

/**
 * The catalogue a language tag reads: Chinese by script (Hant, or Taiwan, Hong Kong and Macau,
 * read traditional characters), Portuguese and the others by their primary subtag; English when
 * there is no catalogue for the language.
 */
export function patientLanguageOf(tag: string | undefined): PatientLanguage {
  const lower = (tag ?? '').trim().toLowerCase();
  const exact = byTag.get(lower);
  if (exact) return exact;
  const [primary] = lower.split(/[-_]/);
  if (primary === 'zh') return byTag.get(readsTraditionalChinese(lower) ? 'zh-tw' : 'zh-cn')!;
  return byTag.get(primary ?? '') ?? byTag.get(sourceLanguageTag)!;
}

/**
 * Whether a Chinese tag reads traditional characters: its script says so (Hant, or Hans for
 * simplified), else its region (Taiwan, Hong Kong and Macau write traditional).
 */
export function readsTraditionalChinese(tag: string): boolean {
  const [, ...rest] = tag.trim().toLowerCase().split(/[-_]/);
  if (rest.includes('hant')) return true;
  if (rest.includes('hans')) return false;
  return rest.some((part) => ['tw', 'hk', 'mo'].includes(part));
}
