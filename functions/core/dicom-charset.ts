import { TextDecoder } from 'node:util';
import { type PersonName, parsePersonName } from './person-name';

/**
 * Decodes DICOM character-string values (PN, LO, SH, ST, LT, UT) by their Specific Character Set
 * (0008,0005), including ISO 2022 code extension with escape sequences (PS3.5 §6.1.2.5, PS3.3
 * C.12.1.1.2, the examples of PS3.5 Annexes H–K). Never throws: bytes that do not decode become
 * U+FFFD, and an unknown character set falls back to the default repertoire read as Latin-1.
 */

export type DicomTextVr = 'PN' | 'LO' | 'SH' | 'ST' | 'LT' | 'UT';

/** A 94- or 96-character single-byte set: the characters of GR bytes 0xA0–0xFF, in order. */
interface SingleByteSet {
  readonly kind: 'single';
  readonly upper: string;
}

/** Multi-byte sets reachable by ISO 2022 escapes; each is decoded through an EUC form. */
type MultiByteKind = 'jis0208' | 'jis0212' | 'ksx1001' | 'gb2312';

interface MultiByteSet {
  readonly kind: MultiByteKind;
}

type G0 = 'ascii' | 'jis0201-roman' | 'jis0208' | 'jis0212';
type G1 = SingleByteSet | MultiByteSet | 'jis0201-kana';

interface Term {
  readonly g0?: G0;
  readonly g1?: G1;
  /** GB18030, GBK and UTF-8 cannot be combined with code extension: decode the value whole. */
  readonly standAlone?: 'utf-8' | 'gb18030' | 'gbk';
}

const decoders = new Map<string, TextDecoder>();

function decoder(label: string): TextDecoder {
  let found = decoders.get(label);
  if (!found) {
    found = new TextDecoder(label, { fatal: false });
    decoders.set(label, found);
  }
  return found;
}

const singleByteSets = new Map<string, SingleByteSet>();

/**
 * The GR half of an ISO 8859 set. Node's TextDecoder follows WHATWG, which reads 'iso-8859-1' and
 * 'iso-8859-9' as windows-1252/1254; their GR halves are the same, and 0x80–0x9F (which differ) are
 * C1 controls in ISO 8859, so only 0xA0–0xFF are taken from the decoder.
 */
function singleByte(label: string): SingleByteSet {
  let found = singleByteSets.get(label);
  if (!found) {
    const upper = Array.from({ length: 0x60 }, (_, i) => decodeOne(label, 0xa0 + i)).join('');
    found = { kind: 'single', upper };
    singleByteSets.set(label, found);
  }
  return found;
}

function decodeOne(label: string, byte: number): string {
  const text = decoder(label).decode(Uint8Array.of(byte));
  return text.length === 1 ? text : '\ufffd';
}

const latin1 = (): SingleByteSet => singleByte('iso-8859-1');

/** Final byte of `ESC - F` (96-set into G1) → the ISO 8859 part it designates (PS3.3 Table C.12-3). */
const g1SingleByteFinals: Record<string, string> = {
  A: 'iso-8859-1', // ISO-IR 100, Latin-1
  B: 'iso-8859-2', // ISO-IR 101
  C: 'iso-8859-3', // ISO-IR 109
  D: 'iso-8859-4', // ISO-IR 110
  F: 'iso-8859-7', // ISO-IR 126, Greek
  G: 'iso-8859-6', // ISO-IR 127, Arabic
  H: 'iso-8859-8', // ISO-IR 138, Hebrew
  L: 'iso-8859-5', // ISO-IR 144, Cyrillic
  M: 'iso-8859-9', // ISO-IR 148, Latin-5
  T: 'windows-874', // ISO-IR 166, TIS 620-2533 (windows-874 matches it on 0xA0–0xFF)
  b: 'iso-8859-15', // ISO-IR 203, Latin-9
};

const isoIrSingleByte: Record<string, string> = {
  '100': 'A',
  '101': 'B',
  '109': 'C',
  '110': 'D',
  '126': 'F',
  '127': 'G',
  '138': 'H',
  '144': 'L',
  '148': 'M',
  '166': 'T',
  '203': 'b',
};

/**
 * The defined term of one (0008,0005) value, matched on its letters and digits only so that common
 * misspellings (`ISO-IR 100`, `ISO_IR100`, `iso 2022 ir 87`) still resolve.
 */
function term(value: string): Term | undefined {
  const key = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (key === '' || key === 'ISOIR6' || key === 'ISO2022IR6') return { g0: 'ascii' };
  if (key === 'ISOIR192') return { standAlone: 'utf-8' };
  if (key === 'GB18030') return { standAlone: 'gb18030' };
  // 'ISO 2022 GBK' is an alias some writers use (DICOM CP 1234); GBK two-byte codes clash with ISO 2022.
  if (key === 'GBK' || key === 'ISO2022GBK') return { standAlone: 'gbk' };
  if (key === 'ISOIR13' || key === 'ISO2022IR13') return { g0: 'jis0201-roman', g1: 'jis0201-kana' };
  // Multi-byte G0 sets are only invoked by escape sequences; the value starts in ASCII.
  if (key === 'ISO2022IR87' || key === 'ISO2022IR159') return { g0: 'ascii' };
  if (key === 'ISO2022IR149') return { g0: 'ascii', g1: { kind: 'ksx1001' } };
  if (key === 'ISO2022IR58' || key === 'ISO202258') return { g0: 'ascii', g1: { kind: 'gb2312' } };
  const ir = /^ISO(?:2022)?IR(\d+)$/.exec(key)?.[1];
  const final = ir ? isoIrSingleByte[ir] : undefined;
  if (final) return { g0: 'ascii', g1: singleByte(g1SingleByteFinals[final]!) };
  return undefined;
}

interface Charset {
  readonly standAlone?: 'utf-8' | 'gb18030' | 'gbk';
  readonly initialG0: G0;
  readonly initialG1?: G1;
  /** The G1 set read for GR bytes while none is designated (lenient: the first declared one). */
  readonly fallbackG1: G1;
}

function charset(specificCharacterSet: string | undefined): Charset {
  const values = (specificCharacterSet ?? '').split('\\').map((v) => v.trim());
  const first = term(values[0] ?? '') ?? { g0: 'ascii' };
  if (first.standAlone) return { standAlone: first.standAlone, initialG0: 'ascii', fallbackG1: latin1() };
  const declaredG1 = values
    .slice(1)
    .map((v) => term(v)?.g1)
    .find((g1) => g1 !== undefined);
  return {
    initialG0: first.g0 ?? 'ascii',
    initialG1: first.g1,
    fallbackG1: first.g1 ?? declaredG1 ?? latin1(),
  };
}

const ESC = 0x1b;
const BACKSLASH = 0x5c;
const CARET = 0x5e;
const EQUALS = 0x3d;

/** The designation an escape sequence makes, or undefined for one DICOM does not define. */
function designation(intermediates: string, final: string): { g0?: G0; g1?: G1 } | undefined {
  switch (intermediates + final) {
    case '(B':
      return { g0: 'ascii' };
    case '(J':
      return { g0: 'jis0201-roman' };
    case ')I':
      return { g1: 'jis0201-kana' };
    case '$B':
    case '$@': // JIS C 6226-1978, the older edition of JIS X 0208
    case '$(B':
      return { g0: 'jis0208' };
    case '$(D':
      return { g0: 'jis0212' };
    case '$)C':
      return { g1: { kind: 'ksx1001' } };
    case '$)A':
      return { g1: { kind: 'gb2312' } };
  }
  if (intermediates === '-') {
    const label = g1SingleByteFinals[final];
    return label ? { g1: singleByte(label) } : undefined;
  }
  return undefined;
}

const multiByteLabel: Record<MultiByteKind, string> = {
  jis0208: 'euc-jp',
  jis0212: 'euc-jp',
  ksx1001: 'euc-kr',
  gb2312: 'gbk',
};

/** Collects output; runs of multi-byte codes are decoded in one call, in their EUC form. */
class Output {
  private text = '';
  private run: number[] = [];
  private runKind: MultiByteKind | undefined;

  char(value: string): void {
    this.flush();
    this.text += value;
  }

  /** A two-byte code, given as its two 7-bit (0x21–0x7E) positions. */
  pair(kind: MultiByteKind, first: number, second: number): void {
    if (this.runKind !== kind) this.flush();
    this.runKind = kind;
    // EUC-JP writes JIS X 0212 as SS3 (0x8F) followed by the code in GR.
    if (kind === 'jis0212') this.run.push(0x8f);
    this.run.push(first | 0x80, second | 0x80);
  }

  result(): string {
    this.flush();
    return this.text;
  }

  private flush(): void {
    if (this.runKind && this.run.length > 0) {
      this.text += decoder(multiByteLabel[this.runKind]).decode(Uint8Array.from(this.run));
    }
    this.run = [];
    this.runKind = undefined;
  }
}

const isGraphic94 = (b: number | undefined): b is number => b !== undefined && b >= 0x21 && b <= 0x7e;
const isGraphic94Gr = (b: number | undefined): b is number => b !== undefined && b >= 0xa1 && b <= 0xfe;

/** ISO 2022 decoding with G0 in GL (0x21–0x7E) and G1 in GR (0xA1–0xFE), as PS3.5 §6.1.2.5 uses it. */
function decodeIso2022(bytes: Uint8Array, cs: Charset, vr: DicomTextVr | undefined): string {
  const out = new Output();
  let g0: G0 = cs.initialG0;
  let g1: G1 | undefined = cs.initialG1;
  // PS3.5 §6.1.2.5.3: the writer returns to value 1's sets before these; a reader does the same so
  // that one bad group cannot spill into the next. `\` separates values of multi-valued VRs only.
  const resetsAt = (b: number): boolean =>
    (b < 0x20 && b !== ESC) ||
    (b === BACKSLASH && vr !== 'ST' && vr !== 'LT' && vr !== 'UT') ||
    (vr === 'PN' && (b === CARET || b === EQUALS));

  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === ESC) {
      let j = i + 1;
      while (j < bytes.length && bytes[j]! >= 0x20 && bytes[j]! <= 0x2f) j++;
      const final = bytes[j];
      const found =
        final !== undefined && final >= 0x30 && final <= 0x7e
          ? designation(String.fromCharCode(...bytes.subarray(i + 1, j)), String.fromCharCode(final))
          : undefined;
      if (found) {
        if (found.g0) g0 = found.g0;
        if (found.g1) g1 = found.g1;
      } else {
        out.char('\ufffd');
      }
      i = final !== undefined && final >= 0x30 && final <= 0x7e ? j + 1 : j;
      continue;
    }
    if (b >= 0x80) {
      i += decodeGr(bytes, i, g1 ?? cs.fallbackG1, out);
      continue;
    }
    const multiByteG0 = g0 === 'jis0208' || g0 === 'jis0212';
    if (multiByteG0 && isGraphic94(b)) {
      const next = bytes[i + 1];
      if (isGraphic94(next)) {
        out.pair(g0 as MultiByteKind, b, next);
        i += 2;
      } else {
        out.char('\ufffd');
        i += 1;
      }
      continue;
    }
    // In a multi-byte G0, `^`, `=` and `\` are halves of two-byte codes, handled above.
    if (resetsAt(b)) {
      g0 = cs.initialG0;
      // Without a G1 in value 1 none is valid after the delimiter; keep the last designated one,
      // as writers that designate it once per value intend (pydicom reads Korean the same way).
      if (cs.initialG1) g1 = cs.initialG1;
    }
    // JIS X 0201 Roman differs from ASCII only at 0x5C (yen) and 0x7E (overline); like pydicom and
    // the WHATWG Shift_JIS decoder, keep the ASCII characters, so `\` stays the value delimiter.
    out.char(String.fromCharCode(b));
    i += 1;
  }
  return out.result();
}

/** Decodes the GR byte at `i` (and its partner for a two-byte set); returns the bytes consumed. */
function decodeGr(bytes: Uint8Array, i: number, g1: G1, out: Output): number {
  const b = bytes[i]!;
  if (g1 === 'jis0201-kana') {
    // JIS X 0201 katakana 0xA1–0xDF are the half-width forms U+FF61–U+FF9F.
    out.char(b >= 0xa1 && b <= 0xdf ? String.fromCharCode(0xff61 + b - 0xa1) : '\ufffd');
    return 1;
  }
  if (g1.kind === 'single') {
    // 0x80–0x9F are C1 controls in ISO 8859 (and in the default repertoire read as Latin-1).
    out.char(b < 0xa0 ? String.fromCharCode(b) : g1.upper[b - 0xa0]!);
    return 1;
  }
  const next = bytes[i + 1];
  if (isGraphic94Gr(b) && isGraphic94Gr(next)) {
    out.pair(g1.kind, b & 0x7f, next & 0x7f);
    return 2;
  }
  out.char('\ufffd');
  return 1;
}

/** Removes the padding DICOM adds to reach an even length (space, or NUL for some writers). */
function trimPadding(text: string): string {
  return text.replace(/[ \0]+$/, '');
}

/**
 * The text of a DICOM character-string value. `specificCharacterSet` is the raw (0008,0005) value,
 * `\`-separated when multi-valued (`\ISO 2022 IR 87`, `ISO_IR 192`); absent or empty means the
 * default repertoire. `vr` decides which delimiters return to the first character set (`^` and `=`
 * only in PN). Trailing spaces and NULs are trimmed.
 */
export function decodeDicomText(
  bytes: Uint8Array,
  specificCharacterSet: string | undefined,
  vr?: DicomTextVr,
): string {
  const cs = charset(specificCharacterSet);
  const text = cs.standAlone ? decoder(cs.standAlone).decode(bytes) : decodeIso2022(bytes, cs, vr);
  return trimPadding(text);
}

/** A Person Name value decoded by its character set and split into its component groups. */
export function decodePersonName(bytes: Uint8Array, specificCharacterSet: string | undefined): PersonName {
  return parsePersonName(decodeDicomText(bytes, specificCharacterSet, 'PN'));
}
