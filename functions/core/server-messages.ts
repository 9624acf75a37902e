import serverSource from '../../locales/server/en.json';
import { type Catalogue, MessageCatalogue } from './message-catalogue';

/**
 * What the server says to a patient (gaps, why an upload was refused, errors) as stable codes
 * with parameters, so the page can say it in the patient's language; the English text goes
 * beside the code for API clients. The English catalogue (locales/server/en.json) is the one
 * source of that text: the codes below are its keys, so a code without a message does not
 * compile, and `npm test` checks every language has every message.
 */

type ServerKey = keyof typeof serverSource;
type Suffix<Key, Prefix extends string> = Key extends `${Prefix}.${infer Code}` ? Code : never;

/** An error's `code` in an API answer (`{ error: { code, message } }`). */
export type ErrorCode = Suffix<ServerKey, 'error'>;
/** Why an uploaded file was rejected: the document's `reasonCode`. */
export type RejectionCode = Suffix<ServerKey, 'rejection'>;
/** What a gap says: the gap's `code`. */
export type GapCode = Suffix<ServerKey, 'gap'>;
/** What is wrong with one field, beside its English `message` in an error's `details`. */
export type DetailCode = Suffix<ServerKey, 'detail'>;
/** What a record is called, at the start of an identity or study-date gap. */
export type RecordLabelCode = Suffix<ServerKey, 'record'>;

/** A code's arguments. One named `<name>Key` holds a catalogue key whose message is `<name>`. */
export type MessageParams = Readonly<Record<string, string | number>>;

export const serverSourceCatalogue: Catalogue = serverSource;

const english = new MessageCatalogue('en', serverSourceCatalogue, serverSourceCatalogue);

/**
 * A server message in `catalogue`'s language: each `<name>Key` argument is replaced by that
 * message (formatted with the same arguments) where the catalogue translates it (an item's or
 * a record's name, a rejection reason), else the English `<name>` sent beside it stays. A message the
 * language lacks is `otherwise` (the English text), never a key name.
 */
export function formatServerMessage(
  catalogue: MessageCatalogue,
  key: string,
  params: MessageParams = {},
  otherwise?: string,
): string {
  if (otherwise !== undefined && !catalogue.translates(key)) return otherwise;
  const values: Record<string, string | number> = { ...params };
  for (const [name, value] of Object.entries(params)) {
    if (!name.endsWith('Key') || typeof value !== 'string') continue;
    const base = name.slice(0, -'Key'.length);
    if (catalogue.translates(value))
      values[base] = catalogue.format(value, params, String(params[base] ?? ''));
  }
  return catalogue.format(key, values, otherwise);
}

/** The English text of a server message (the `message` or `reason` an API answer carries). */
export function englishText(key: ServerKey, params: MessageParams = {}): string {
  return formatServerMessage(english, key, params);
}

export const gapText = (code: GapCode, params?: MessageParams) => englishText(`gap.${code}`, params);
export const rejectionText = (code: RejectionCode, params?: MessageParams) =>
  englishText(`rejection.${code}`, params);
export const recordLabelText = (code: RecordLabelCode) => englishText(`record.${code}`);
