import { IntlMessageFormat } from 'intl-messageformat';

/**
 * A catalogue of ICU MessageFormat messages (plurals, selects, dates), one file per language in
 * the Chrome extension `messages.json` shape a translation tool reads: each key holds the
 * `message` and a `description` saying where it appears and what its arguments are.
 */
export interface CatalogueEntry {
  readonly message: string;
  readonly description?: string;
}
export type Catalogue = Readonly<Record<string, CatalogueEntry>>;
export type MessageValues = Readonly<Record<string, string | number | Date>>;

/**
 * Formats a language's messages, falling back to the source (English) message by message: a
 * catalogue that lacks a message, or holds one that does not parse, never shows a blank or a key.
 */
export class MessageCatalogue {
  private readonly compiled = new Map<string, IntlMessageFormat | null>();

  constructor(
    readonly locale: string,
    private readonly messages: Catalogue,
    private readonly source: Catalogue,
    private readonly sourceLocale = 'en',
  ) {}

  /** True when the language itself (not the fallback) has the message. */
  translates(key: string): boolean {
    return this.compile(key, this.messages, this.locale) !== null;
  }

  has(key: string): boolean {
    return this.translates(key) || this.compile(key, this.source, this.sourceLocale) !== null;
  }

  /**
   * The message in this language, else in the source language, else `otherwise` (the English
   * text a server sent beside its code); a key nobody knows without `otherwise` throws, so a
   * test finds it rather than a patient.
   */
  format(key: string, values: MessageValues = {}, otherwise?: string): string {
    const format =
      this.compile(key, this.messages, this.locale) ?? this.compile(key, this.source, this.sourceLocale);
    if (format) {
      try {
        return String(format.format(values as Record<string, string | number | Date>));
      } catch {
        // A value the message needs is missing: the English text, if the caller has it.
      }
    }
    if (otherwise !== undefined) return otherwise;
    throw new Error(`No message "${key}" in the ${this.locale} or the source catalogue.`);
  }

  private compile(key: string, catalogue: Catalogue, locale: string): IntlMessageFormat | null {
    const cacheKey = `${locale}\u0000${key}`;
    const cached = this.compiled.get(cacheKey);
    if (cached !== undefined) return cached;
    const message = Object.hasOwn(catalogue, key) ? catalogue[key]?.message : undefined;
    let format: IntlMessageFormat | null = null;
    if (message) {
      try {
        format = new IntlMessageFormat(message, locale);
      } catch {
        format = null;
      }
    }
    this.compiled.set(cacheKey, format);
    return format;
  }
}

/**
 * The argument names a message uses (`{name}`, `{days, plural, …}`), and each select's branch
 * keys (`differs select name|sex|other`: a translation must keep them), for the catalogue check.
 */
export function messageArguments(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: readonly unknown[]) => {
    for (const element of elements as {
      type: number;
      value?: string;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      // Types 1 to 6 are argument, number, date, time, select and plural (icu-messageformat-parser).
      if (element.type >= 1 && element.type <= 6 && element.value) names.add(element.value);
      if (element.type === 5 && element.value) {
        names.add(
          `${element.value} select ${Object.keys(element.options ?? {})
            .sort()
            .join('|')}`,
        );
      }
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en').getAst());
  return [...names].sort();
}

/** What a language's catalogue lacks or gets wrong against the source, message by message. */
export interface CatalogueFindings {
  /** Keys the source has and this catalogue does not (the page shows English for them). */
  readonly missing: readonly string[];
  /** Keys this catalogue has and the source does not (left over; nothing shows them). */
  readonly extra: readonly string[];
  /** Messages that do not parse, or use other arguments than the source's. */
  readonly broken: readonly { readonly key: string; readonly reason: string }[];
  /** Share of the source's messages this catalogue translates, 0 to 1. */
  readonly coverage: number;
}

export function compareCatalogue(source: Catalogue, target: Catalogue, locale: string): CatalogueFindings {
  const sourceKeys = Object.keys(source);
  const missing = sourceKeys.filter((key) => !target[key]?.message);
  const extra = Object.keys(target).filter((key) => !Object.hasOwn(source, key));
  const broken: { key: string; reason: string }[] = [];
  for (const key of sourceKeys) {
    const message = target[key]?.message;
    if (!message) continue;
    try {
      new IntlMessageFormat(message, locale);
    } catch (error) {
      broken.push({ key, reason: `does not parse: ${(error as Error).message}` });
      continue;
    }
    const wanted = messageArguments(source[key]!.message).join(', ');
    const found = messageArguments(message).join(', ');
    if (wanted !== found)
      broken.push({ key, reason: `arguments {${found}} where the source has {${wanted}}` });
  }
  const translated = sourceKeys.length - missing.length - broken.length;
  return { missing, extra, broken, coverage: sourceKeys.length ? translated / sourceKeys.length : 1 };
}
