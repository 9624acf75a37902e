/** Amazon Translate's limit for one TranslateText request. */
export const TRANSLATE_MAX_BYTES = 10_000;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Splits text into sentences, keeping each sentence's trailing punctuation and whitespace. */
function sentences(text: string): string[] {
  return text.match(/[^.!?\n]+(?:[.!?]+|\n+|$)\s*/g) ?? [text];
}

/** Cuts a string at the last character boundary that fits in `max` bytes. */
function hardSplit(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of text) {
    if (bytes(current + char) > max) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * Splits text into requests under the byte limit at sentence boundaries; a sentence that is
 * itself too long is split at spaces, and a word that is too long at character boundaries.
 * Joining the chunks gives back the text exactly.
 */
export function chunkForTranslate(text: string, maxBytes = TRANSLATE_MAX_BYTES): string[] {
  const chunks: string[] = [];
  let current = '';
  const push = (piece: string) => {
    if (bytes(current + piece) <= maxBytes) {
      current += piece;
      return;
    }
    if (current) chunks.push(current);
    current = '';
    if (bytes(piece) <= maxBytes) {
      current = piece;
      return;
    }
    for (const word of piece.match(/\S+\s*|\s+/g) ?? [piece]) {
      if (bytes(current + word) <= maxBytes) current += word;
      else {
        if (current) chunks.push(current);
        const parts = bytes(word) <= maxBytes ? [word] : hardSplit(word, maxBytes);
        current = parts.pop() ?? '';
        chunks.push(...parts);
      }
    }
  };
  for (const sentence of sentences(text)) push(sentence);
  if (current) chunks.push(current);
  return chunks;
}

/** Numbers (doses, dates, values) in the source that the translation lost. */
export function missingNumbers(source: string, translated: string): string[] {
  const found = new Set(translated.match(/\d+(?:[.,]\d+)?/g) ?? []);
  return [...new Set(source.match(/\d+(?:[.,]\d+)?/g) ?? [])].filter((number) => !found.has(number));
}
