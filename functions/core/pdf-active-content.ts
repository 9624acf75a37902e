/**
 * Active content in a PDF: what a reader runs, launches, submits or unpacks on its own, and
 * what makes a PDF something else as well (a polyglot). Found by parsing the file (every
 * indirect object, including those inside compressed object streams), not by grepping bytes,
 * plus two byte-level checks for what a parser skips: data after the last %%EOF and HTML markup.
 */
export type ActiveContentKind =
  | 'javascript'
  | 'open-action'
  | 'additional-actions'
  | 'launch'
  | 'submit-form'
  | 'import-data'
  | 'remote-goto'
  | 'unsafe-link'
  | 'embedded-file'
  | 'file-attachment'
  | 'rich-media'
  | 'xfa'
  | 'unparseable-object'
  | 'trailing-data'
  | 'html-markup';

/** Plain words for each kind, for reasons shown to people and the manifest's note. */
export const activeContentLabel: Record<ActiveContentKind, string> = {
  javascript: 'JavaScript',
  'open-action': 'an action run when the file opens',
  'additional-actions': 'automatic actions (page, field or document events)',
  launch: 'an action that launches a program or file',
  'submit-form': 'a form that submits data',
  'import-data': 'a form that imports data',
  'remote-goto': 'a link that opens another file',
  'unsafe-link': 'a link to a script or local file',
  'embedded-file': 'embedded files',
  'file-attachment': 'file attachments',
  'rich-media': 'multimedia or Flash content',
  xfa: 'an XFA form',
  'unparseable-object': 'objects that cannot be read',
  'trailing-data': 'data after the end of the PDF',
  'html-markup': 'HTML markup (a PDF/HTML polyglot)',
};

/**
 * PDFs are read whole to be checked; above this they are refused, not passed unread. Measured:
 * a 30 MB PDF takes the check to about 110 MB of memory above the baseline, well inside the
 * upload processor's 512 MB.
 */
export const MAX_PDF_CHECK_BYTES = 32 * 1024 * 1024;

export class PdfActiveContentError extends Error {
  constructor(
    readonly problem: 'uncheckable' | 'disarm_failed',
    message: string,
  ) {
    super(message);
    this.name = 'PdfActiveContentError';
  }
}

/** "JavaScript, embedded files" for reasons and notes. */
export const describeActiveContent = (kinds: readonly ActiveContentKind[]): string =>
  kinds.map((kind) => activeContentLabel[kind]).join(', ');

/**
 * pdf-lib (about 570 KiB bundled, with the SVG code it carries) is loaded by the first check,
 * not when a handler is imported: the functions that check a PDF (a hospital's report or
 * addendum, a certified translation, a patient's upload) also answer refusals, replays and
 * errors that never open one, and their cold start stays that of their other work.
 */
const scanner = () => import('./pdf-active-content-scan');

/** The active content a PDF carries, in a fixed order; empty for a clean PDF. */
export async function findActiveContent(bytes: Uint8Array): Promise<ActiveContentKind[]> {
  return (await scanner()).findActiveContent(bytes);
}

/**
 * A copy of the PDF without its active content, and what was removed; throws
 * PdfActiveContentError when the copy still carries some (details in ./pdf-active-content-scan).
 */
export async function disarmPdf(
  bytes: Uint8Array,
): Promise<{ bytes: Uint8Array; removed: ActiveContentKind[] }> {
  return (await scanner()).disarmPdf(bytes);
}
