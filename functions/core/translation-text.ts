/** A translation as the translator gives it: the text, what a reader must know, and how it was made. */
export interface TranslatedText {
  readonly text: string;
  readonly note: string;
  readonly method: 'amazon-translate' | 'untranslated';
}

/**
 * The text file stored beside a translated record: a title, the note, the translation and, when
 * it is a machine translation, the original after it (the authoritative text). Untranslated text
 * is the original already, so it is not repeated.
 */
export function translationText(
  title: string,
  translation: TranslatedText,
  originalHeading: string,
  original: string,
): string {
  return [
    title,
    translation.note,
    '',
    translation.text,
    ...(translation.method === 'amazon-translate' ? ['', originalHeading, '', original] : []),
    '',
  ].join('\n');
}
