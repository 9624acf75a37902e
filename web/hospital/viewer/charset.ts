/**
 * Text of DICOM string elements in the dataset's Specific Character Set (0008,0005). dicom-parser
 * reads strings byte by byte (Latin-1), so names in GB18030, UTF-8 or ISO 2022 come out garbled:
 * here the raw bytes are decoded with the browser's TextDecoder, as PS3.5 section 6.1 describes.
 */

/** Single-byte and multi-byte sets without code extensions (the value's only term). */
const plainSets: Record<string, string> = {
  '': 'windows-1252',
  ISO_IR_6: 'windows-1252',
  ISO_IR_100: 'windows-1252',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'windows-1254',
  ISO_IR_203: 'iso-8859-15',
  ISO_IR_166: 'windows-874',
  ISO_IR_13: 'shift_jis',
  ISO_IR_192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** How the bytes a designation introduces are decoded. */
interface CodeSet {
  readonly encoding: string;
  /** JIS X 0208 (G0, 7-bit pairs) decodes as EUC-JP with the high bits set; JIS X 0212 also with 0x8F. */
  readonly euc?: 'jis0208' | 'jis0212';
}

const ESC = 0x1b;
const ascii: CodeSet = { encoding: 'windows-1252' };
/** ISO 2022 escape sequences (the bytes after ESC, as text) and the G0 or G1 set each designates. */
const escapes: Record<string, { readonly g: 0 | 1; readonly set: CodeSet }> = {
  '(B': { g: 0, set: ascii }, // ISO 2022 IR 6
  '(J': { g: 0, set: { encoding: 'shift_jis' } }, // IR 14, JIS X 0201 Romaji
  $B: { g: 0, set: { encoding: 'euc-jp', euc: 'jis0208' } }, // IR 87, JIS X 0208
  '$(D': { g: 0, set: { encoding: 'euc-jp', euc: 'jis0212' } }, // IR 159, JIS X 0212
  ')I': { g: 1, set: { encoding: 'shift_jis' } }, // IR 13, JIS X 0201 Katakana
  '$)C': { g: 1, set: { encoding: 'euc-kr' } }, // IR 149, KS X 1001
  '$)A': { g: 1, set: { encoding: 'gbk' } }, // IR 58, GB 2312
  '-A': { g: 1, set: { encoding: 'windows-1252' } }, // IR 100
  '-B': { g: 1, set: { encoding: 'iso-8859-2' } },
  '-C': { g: 1, set: { encoding: 'iso-8859-3' } },
  '-D': { g: 1, set: { encoding: 'iso-8859-4' } },
  '-L': { g: 1, set: { encoding: 'iso-8859-5' } },
  '-G': { g: 1, set: { encoding: 'iso-8859-6' } },
  '-F': { g: 1, set: { encoding: 'iso-8859-7' } },
  '-H': { g: 1, set: { encoding: 'iso-8859-8' } },
  '-M': { g: 1, set: { encoding: 'windows-1254' } },
  '-T': { g: 1, set: { encoding: 'windows-874' } },
};
const escapeKeys = Object.keys(escapes).sort((a, b) => b.length - a.length);

/** What the first term of (0008,0005) designates before any escape (and after each delimiter). */
const initialEscapes: Record<string, readonly string[]> = {
  'ISO 2022 IR 13': ['(J', ')I'],
  'ISO 2022 IR 87': ['$B'],
  'ISO 2022 IR 159': ['$(D'],
  'ISO 2022 IR 149': ['$)C'],
  'ISO 2022 IR 58': ['$)A'],
  'ISO 2022 IR 100': ['-A'],
  'ISO 2022 IR 101': ['-B'],
  'ISO 2022 IR 109': ['-C'],
  'ISO 2022 IR 110': ['-D'],
  'ISO 2022 IR 144': ['-L'],
  'ISO 2022 IR 127': ['-G'],
  'ISO 2022 IR 126': ['-F'],
  'ISO 2022 IR 138': ['-H'],
  'ISO 2022 IR 148': ['-M'],
  'ISO 2022 IR 166': ['-T'],
};

const decoders = new Map<string, TextDecoder>();
function decoder(encoding: string): TextDecoder {
  let found = decoders.get(encoding);
  if (!found) {
    found = new TextDecoder(encoding);
    decoders.set(encoding, found);
  }
  return found;
}

function decodeRun(bytes: readonly number[], set: CodeSet): string {
  if (bytes.length === 0) return '';
  let run = [...bytes];
  if (set.euc) {
    run = [];
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      if (set.euc === 'jis0212') run.push(0x8f);
      run.push(bytes[i]! | 0x80, bytes[i + 1]! | 0x80);
    }
  }
  return decoder(set.encoding).decode(Uint8Array.from(run));
}

/** The terms of (0008,0005): value 1 may be empty (the default repertoire). */
export function characterSetTerms(specificCharacterSet: string | undefined): string[] {
  if (!specificCharacterSet) return [''];
  return specificCharacterSet.split('\\').map((term) => term.trim().toUpperCase());
}

/** Delimiters after which ISO 2022 returns to the initial designations (PS3.5 6.1.2.5.3). */
const delimiters = new Set([0x5e /* ^ */, 0x3d /* = */, 0x5c /* \\ */, 0x0d, 0x0a, 0x09, 0x0c]);

/**
 * Decodes a string element's raw bytes under (0008,0005). Without code extensions the whole
 * value goes through one decoder; with ISO 2022 each escape sequence switches G0 or G1.
 */
export function decodeDicomText(bytes: Uint8Array, specificCharacterSet: string | undefined): string {
  const terms = characterSetTerms(specificCharacterSet);
  if (!terms.some((term) => term.startsWith('ISO 2022'))) {
    const encoding = plainSets[(terms[0] ?? '').replace(/ /g, '_')] ?? 'windows-1252';
    return decoder(encoding).decode(bytes);
  }
  let initialG0: CodeSet = ascii;
  let initialG1: CodeSet | undefined;
  for (const key of initialEscapes[terms[0] ?? ''] ?? []) {
    const { g, set } = escapes[key]!;
    if (g === 0) initialG0 = set;
    else initialG1 = set;
  }
  let g0 = initialG0;
  let g1 = initialG1;
  let text = '';
  let run: number[] = [];
  let runSet: CodeSet = g0;
  const flush = () => {
    text += decodeRun(run, runSet);
    run = [];
  };
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i]!;
    if (byte === ESC) {
      flush();
      const after = String.fromCharCode(...bytes.subarray(i + 1, i + 4));
      const key = escapeKeys.find((candidate) => after.startsWith(candidate));
      if (!key) continue;
      const { g, set } = escapes[key]!;
      if (g === 0) g0 = set;
      else g1 = set;
      i += key.length;
      continue;
    }
    const set = byte >= 0x80 ? (g1 ?? ascii) : g0;
    if (set !== runSet) {
      flush();
      runSet = set;
    }
    run.push(byte);
    // In a single-byte G0 a delimiter ends the component: the initial sets apply again.
    if (set === g0 && !g0.euc && delimiters.has(byte)) {
      flush();
      g0 = initialG0;
      g1 = initialG1;
      runSet = g0;
    }
  }
  flush();
  return text;
}
