/**
 * The pdf-lib half of the active-content check (./pdf-active-content is its interface and
 * loads this module on first use): finds active content by parsing every indirect object,
 * and writes a copy without it.
 */
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFInvalidObject,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from '@cantoo/pdf-lib';
import { type ActiveContentKind, activeContentLabel, PdfActiveContentError } from './pdf-active-content';

const name = (value: string) => PDFName.of(value);
const N = {
  S: name('S'),
  JS: name('JS'),
  A: name('A'),
  AA: name('AA'),
  Next: name('Next'),
  OpenAction: name('OpenAction'),
  Names: name('Names'),
  JavaScript: name('JavaScript'),
  EmbeddedFiles: name('EmbeddedFiles'),
  EF: name('EF'),
  Type: name('Type'),
  Subtype: name('Subtype'),
  XFA: name('XFA'),
  NeedsRendering: name('NeedsRendering'),
  Collection: name('Collection'),
  URI: name('URI'),
  Annots: name('Annots'),
  Filter: name('Filter'),
  DecodeParms: name('DecodeParms'),
  Length: name('Length'),
  FlateDecode: name('FlateDecode'),
};

/** Action types that run, launch, submit, import or open something: never harmless. */
const ACTION_KINDS: Record<string, ActiveContentKind> = {
  JavaScript: 'javascript',
  Launch: 'launch',
  SubmitForm: 'submit-form',
  ImportData: 'import-data',
  GoToR: 'remote-goto',
  GoToE: 'embedded-file',
  RichMediaExecute: 'rich-media',
  Rendition: 'rich-media',
  Movie: 'rich-media',
  Sound: 'rich-media',
};
/** Annotation subtypes that carry files or media players. */
const ANNOTATION_KINDS: Record<string, ActiveContentKind> = {
  FileAttachment: 'file-attachment',
  RichMedia: 'rich-media',
  Screen: 'rich-media',
  Movie: 'rich-media',
  Sound: 'rich-media',
};
const SAFE_URI = /^\s*(https?:|mailto:|#)/i;

const nameOf = (value: PDFObject | undefined) => (value instanceof PDFName ? value.decodeText() : undefined);
const textOf = (value: PDFObject | undefined) =>
  value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;

/** What an action dictionary does that is not harmless, if anything. */
function actionKind(dict: PDFDict): ActiveContentKind | undefined {
  if (dict.has(N.JS)) return 'javascript';
  // /S names other things elsewhere (structure roles, border styles): only actions count.
  const declared = nameOf(dict.get(N.Type));
  if (declared !== undefined && declared !== 'Action') return undefined;
  const type = nameOf(dict.get(N.S));
  if (type && ACTION_KINDS[type]) return ACTION_KINDS[type];
  if (type === 'URI') {
    const uri = textOf(dict.lookup(N.URI)) ?? '';
    if (!SAFE_URI.test(uri)) return 'unsafe-link';
  }
  return undefined;
}

function dictOf(object: PDFObject | undefined): PDFDict | undefined {
  if (object instanceof PDFDict) return object;
  if (object instanceof PDFStream) return object.dict;
  return undefined;
}

/** Every dictionary among the document's objects, direct ones nested inside included. */
function* dictionaries(document: PDFDocument): Generator<PDFDict> {
  const pending: PDFObject[] = document.context.enumerateIndirectObjects().map(([, object]) => object);
  while (pending.length > 0) {
    const object = pending.pop()!;
    const dict = dictOf(object);
    if (dict) {
      yield dict;
      for (const value of dict.values()) if (!(value instanceof PDFRef)) pending.push(value);
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) if (!(value instanceof PDFRef)) pending.push(value);
    }
  }
}

function findInDocument(document: PDFDocument): Set<ActiveContentKind> {
  const found = new Set<ActiveContentKind>();
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (object instanceof PDFInvalidObject) found.add('unparseable-object');
  }
  for (const dict of dictionaries(document)) {
    const action = actionKind(dict);
    if (action) found.add(action);
    if (dict.has(N.OpenAction)) {
      const open = dictOf(dict.lookup(N.OpenAction));
      if (open && actionKind(open)) found.add('open-action');
    }
    if (dict.has(N.AA)) found.add('additional-actions');
    const names = dictOf(dict.lookup(N.Names));
    if (names?.has(N.JavaScript)) found.add('javascript');
    if (names?.has(N.EmbeddedFiles) || dict.has(N.EF) || dict.has(N.Collection)) found.add('embedded-file');
    if (nameOf(dict.get(N.Type)) === 'EmbeddedFile') found.add('embedded-file');
    const subtype = nameOf(dict.get(N.Subtype));
    if (subtype && ANNOTATION_KINDS[subtype] && dict.has(name('Rect'))) found.add(ANNOTATION_KINDS[subtype]);
    if (dict.has(N.XFA) || dict.get(N.NeedsRendering) === PDFBool.True) found.add('xfa');
  }
  return found;
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
/** Markup a browser would render; none of it can occur in PDF syntax outside strings and streams. */
const HTML_MARKUP =
  /<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|iframe[\s>]|svg[\s>]|object[\s>]|embed[\s>]|meta[\s>]|form[\s>])/i;

/** Byte-level findings: what comes after the last %%EOF, and HTML markup anywhere. */
function findInBytes(bytes: Uint8Array): Set<ActiveContentKind> {
  const found = new Set<ActiveContentKind>();
  const text = latin1(bytes).toString('latin1');
  const eof = text.lastIndexOf('%%EOF');
  if (eof >= 0 && /[^\s\0]/.test(text.slice(eof + 5))) found.add('trailing-data');
  if (HTML_MARKUP.test(text)) found.add('html-markup');
  return found;
}

async function load(bytes: Uint8Array): Promise<PDFDocument> {
  const options = { updateMetadata: false, preserveXFA: true, throwOnInvalidObject: false } as const;
  try {
    const document = await PDFDocument.load(bytes, { ...options, ignoreEncryption: true });
    // Owner-password-only files open without a password: read them decrypted, or objects
    // inside encrypted object streams would go unseen.
    return document.isEncrypted ? await PDFDocument.load(bytes, { ...options, password: '' }) : document;
  } catch {
    throw new PdfActiveContentError(
      'uncheckable',
      'The PDF’s structure cannot be read, so it cannot be checked for active content.',
    );
  }
}

const ORDER = Object.keys(activeContentLabel) as ActiveContentKind[];
const sorted = (found: Set<ActiveContentKind>) => ORDER.filter((kind) => found.has(kind));

/** The active content a PDF carries, in a fixed order; empty for a clean PDF. */
export async function findActiveContent(bytes: Uint8Array): Promise<ActiveContentKind[]> {
  const document = await load(bytes);
  return sorted(new Set([...findInDocument(document), ...findInBytes(bytes)]));
}

/** Removes annotations that carry files or media from every /Annots array. */
function removeAnnotations(document: PDFDocument, dict: PDFDict) {
  const annots = dict.lookup(N.Annots);
  if (!(annots instanceof PDFArray)) return;
  for (let index = annots.size() - 1; index >= 0; index -= 1) {
    const annotation = dictOf(document.context.lookup(annots.get(index)));
    const subtype = nameOf(annotation?.get(N.Subtype));
    if (subtype && ANNOTATION_KINDS[subtype]) annots.remove(index);
  }
}

/** Drops `key` when what it points at is an action that is not harmless (or any of a chain). */
function dropDangerousAction(document: PDFDocument, dict: PDFDict, key: PDFName) {
  const value = dict.get(key);
  if (value === undefined) return;
  const target = document.context.lookup(value);
  const candidates =
    target instanceof PDFArray ? target.asArray().map((item) => document.context.lookup(item)) : [target];
  if (
    candidates.some((candidate) => {
      const action = dictOf(candidate);
      return action !== undefined && actionKind(action) !== undefined;
    })
  ) {
    dict.delete(key);
  }
}

/** Only what the trailer reaches is written: hidden objects, old object streams and removed files go. */
function collectGarbage(document: PDFDocument) {
  const { context } = document;
  const reached = new Set<string>();
  const pending: PDFObject[] = [context.trailerInfo.Root, context.trailerInfo.Info].filter(
    (object): object is PDFObject => object !== undefined,
  );
  while (pending.length > 0) {
    const object = pending.pop()!;
    if (object instanceof PDFRef) {
      if (reached.has(object.tag)) continue;
      reached.add(object.tag);
      const target = context.lookup(object);
      if (target) pending.push(target);
      continue;
    }
    const dict = dictOf(object);
    if (dict) pending.push(...dict.values());
    else if (object instanceof PDFArray) pending.push(...object.asArray());
  }
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!reached.has(ref.tag)) context.delete(ref);
  }
}

/**
 * Writes a copy of the PDF without its active content: actions that run, launch, submit or
 * import; automatic actions; embedded files and attachment annotations; XFA; data after the
 * end and anything the document does not reference. Page content is untouched (streams are
 * kept as they are, except that unfiltered ones are compressed, which changes no decoded byte).
 * Returns what was removed; the copy is checked again and refused if anything is left.
 */
export async function disarmPdf(
  bytes: Uint8Array,
): Promise<{ bytes: Uint8Array; removed: ActiveContentKind[] }> {
  const removed = await findActiveContent(bytes);
  const document = await load(bytes);
  const { context } = document;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    // Unreadable objects cannot be shown harmless; a reference to them now reads as null.
    if (object instanceof PDFInvalidObject) context.delete(ref);
  }
  for (const dict of [...dictionaries(document)]) {
    dict.delete(N.AA);
    dict.delete(N.XFA);
    dict.delete(N.NeedsRendering);
    dict.delete(N.EF);
    dict.delete(N.Collection);
    const names = dictOf(dict.lookup(N.Names));
    names?.delete(N.JavaScript);
    names?.delete(N.EmbeddedFiles);
    dropDangerousAction(document, dict, N.OpenAction);
    dropDangerousAction(document, dict, N.A);
    dropDangerousAction(document, dict, N.Next);
    removeAnnotations(document, dict);
    // The action itself, wherever else it is referenced from: without /S it does nothing.
    if (actionKind(dict)) for (const key of dict.keys()) if (key !== N.Type) dict.delete(key);
  }
  // Decrypted on load: written without the encryption dictionary it no longer matches.
  context.trailerInfo.Encrypt = undefined;
  collectGarbage(document);
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream && !object.dict.has(N.Filter) && !object.dict.has(N.DecodeParms)) {
      const entries = new Map(object.dict.entries());
      entries.delete(N.Length);
      const compressed = context.flateStream(object.contents);
      for (const [key, value] of entries) compressed.dict.set(key, value);
      context.assign(ref, compressed);
    }
  }
  const save = (useObjectStreams: boolean) =>
    document.save({ useObjectStreams, addDefaultPage: false, updateFieldAppearances: false, rewrite: true });
  // Object streams keep dictionaries compressed; PDF/A-1 forbids them.
  const written = await save(true).catch(() => save(false));
  const left = await findActiveContent(written);
  if (left.length > 0) {
    throw new PdfActiveContentError(
      'disarm_failed',
      `The PDF carries active content (${left.map((kind) => activeContentLabel[kind]).join(', ')}) that could not be removed.`,
    );
  }
  return { bytes: written, removed };
}
