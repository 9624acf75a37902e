import { crc32, createDeflateRaw, deflateRawSync, deflateSync } from 'node:zlib';
import { makePdf } from './fixtures';

/**
 * PDFs with active content, as hostile or careless exporters write them, for the tests. The
 * active parts sit inside a compressed object stream, so nothing shows in the raw bytes: a
 * checker must parse the file to see them.
 */
/**
 * A one-page PDF 1.5 whose dictionaries all sit in one deflated object stream, with a
 * cross-reference stream: `extra` objects (numbered from 6) and catalog entries are added.
 * Objects 1–5 are the catalog, the page tree, the page, its content stream and its font.
 */
function objectStreamPdf(
  lines: readonly string[],
  options: { catalog?: string; page?: string; extra?: readonly (string | { dict: string; data: Buffer })[] },
): Buffer {
  const escapeText = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = Buffer.from(
    ['BT /F1 11 Tf 50 780 Td 14 TL', ...lines.map((line) => `(${escapeText(line)}) '`), 'ET'].join('\n'),
    'latin1',
  );
  const objects: (string | { dict: string; data: Buffer })[] = [
    `<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${options.page ?? ''} >>`,
    { dict: '', data: deflateSync(content) },
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...(options.extra ?? []),
  ];
  const objStmNumber = objects.length + 1;
  const xrefNumber = objects.length + 2;
  const inStream = objects.flatMap((object, index) => (typeof object === 'string' ? [index + 1] : []));
  let header = '';
  let packed = '';
  for (const number of inStream) {
    header += `${number} ${packed.length} `;
    packed += `${objects[number - 1] as string}\n`;
  }
  const objStm = deflateSync(Buffer.from(header + packed, 'latin1'));
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets = new Map<number, number>();
  const write = (number: number, dict: string, data: Buffer) => {
    offsets.set(number, length);
    const bytes = Buffer.concat([
      Buffer.from(`${number} 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
      data,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]);
    parts.push(bytes);
    length += bytes.length;
  };
  objects.forEach((object, index) => {
    if (typeof object !== 'string') write(index + 1, `/Filter /FlateDecode ${object.dict}`, object.data);
  });
  write(
    objStmNumber,
    `/Type /ObjStm /N ${inStream.length} /First ${header.length} /Filter /FlateDecode`,
    objStm,
  );
  const xrefAt = length;
  offsets.set(xrefNumber, xrefAt);
  const rows = Buffer.alloc(7 * (xrefNumber + 1));
  for (let number = 1; number <= xrefNumber; number += 1) {
    const row = number * 7;
    const packedIndex = inStream.indexOf(number);
    if (packedIndex >= 0) {
      rows.writeUInt8(2, row);
      rows.writeUInt32BE(objStmNumber, row + 1);
      rows.writeUInt16BE(packedIndex, row + 5);
    } else {
      rows.writeUInt8(1, row);
      rows.writeUInt32BE(offsets.get(number) ?? 0, row + 1);
    }
  }
  rows.writeUInt16BE(0xffff, 5);
  const xref = deflateSync(rows);
  parts.push(
    Buffer.from(
      `${xrefNumber} 0 obj\n<< /Type /XRef /Size ${xrefNumber + 1} /Root 1 0 R /W [1 4 2] /Filter /FlateDecode /Length ${xref.length} >>\nstream\n`,
      'latin1',
    ),
    xref,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'),
  );
  return Buffer.concat(parts);
}

/**
 * /OpenAction runs JavaScript when the file opens, the page runs it again on open (/AA), and
 * a link launches a program: all inside the compressed object stream.
 */
export function makeJavaScriptPdf(lines: readonly string[]): Buffer {
  return objectStreamPdf(lines, {
    catalog: '/OpenAction 6 0 R',
    page: '/Annots [7 0 R] /AA << /O 6 0 R >>',
    extra: [
      '<< /Type /Action /S /JavaScript /JS (app.alert\\("opened"\\)) >>',
      '<< /Type /Annot /Subtype /Link /Rect [50 700 200 720] /A << /S /Launch /F (cmd.exe) >> >>',
    ],
  });
}

/** A Windows executable in the EmbeddedFiles name tree, and a file-attachment annotation. */
export function makeEmbeddedExecutablePdf(lines: readonly string[]): Buffer {
  // "MZ": the start of a Windows executable.
  const executable = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 0x90)]);
  return objectStreamPdf(lines, {
    catalog: '/Names << /EmbeddedFiles << /Names [(setup.exe) 7 0 R] >> >>',
    page: '/Annots [8 0 R]',
    extra: [
      { dict: '/Type /EmbeddedFile /Subtype /application#2Fx-msdownload', data: deflateSync(executable) },
      '<< /Type /Filespec /F (setup.exe) /UF (setup.exe) /EF << /F 6 0 R >> >>',
      '<< /Type /Annot /Subtype /FileAttachment /Rect [50 650 70 670] /FS 7 0 R >>',
    ],
  });
}

/** A valid PDF followed by an HTML page after its %%EOF: a PDF/HTML polyglot. */
export function makeHtmlPolyglotPdf(lines: readonly string[]): Buffer {
  return Buffer.concat([
    makePdf(lines),
    Buffer.from('<html><body><script>document.location="https://attacker.example/"</script></body></html>\n'),
  ]);
}

export interface RawZipEntry {
  readonly name: string;
  /** The entry's data as stored (deflated already when `method` is 8). */
  readonly body: Buffer;
  readonly method: 0 | 8;
  readonly crc32: number;
  /** What the headers declare the entry inflates to. */
  readonly uncompressedSize: number;
  /** Sizes and CRC after the data in a data descriptor (flag bit 3), zeros in the local header. */
  readonly dataDescriptor?: boolean;
  /** Sizes as 0xFFFFFFFF with the real ones in ZIP64 extra fields. */
  readonly zip64?: boolean;
  /** Point the directory entry at an earlier entry's local header (overlapping entries). */
  readonly sameOffsetAs?: number;
}

/** A ZIP archive whose headers say exactly what they are told, true or not. */
export function makeRawZip(entries: readonly RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const flags = 0x800 | (entry.dataDescriptor ? 0x8 : 0);
    const zip64Extra = (sizes: boolean) => {
      const extra = Buffer.alloc(sizes ? 20 : 4);
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(sizes ? 16 : 0, 2);
      if (sizes) {
        extra.writeBigUInt64LE(BigInt(entry.uncompressedSize), 4);
        extra.writeBigUInt64LE(BigInt(entry.body.length), 12);
      }
      return extra;
    };
    const localExtra = entry.zip64 ? zip64Extra(!entry.dataDescriptor) : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(entry.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(entry.method, 8);
    if (!entry.dataDescriptor) {
      local.writeUInt32LE(entry.crc32, 14);
      local.writeUInt32LE(entry.zip64 ? 0xffffffff : entry.body.length, 18);
      local.writeUInt32LE(entry.zip64 ? 0xffffffff : entry.uncompressedSize, 22);
    }
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    const descriptor = Buffer.alloc(entry.dataDescriptor ? (entry.zip64 ? 24 : 16) : 0);
    if (entry.dataDescriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(entry.crc32, 4);
      if (entry.zip64) {
        descriptor.writeBigUInt64LE(BigInt(entry.body.length), 8);
        descriptor.writeBigUInt64LE(BigInt(entry.uncompressedSize), 16);
      } else {
        descriptor.writeUInt32LE(entry.body.length, 8);
        descriptor.writeUInt32LE(entry.uncompressedSize, 12);
      }
    }
    const at = entry.sameOffsetAs === undefined ? offset : (offsets[entry.sameOffsetAs] ?? 0);
    offsets.push(at);
    if (entry.sameOffsetAs === undefined) {
      locals.push(local, name, localExtra, entry.body, descriptor);
      offset += local.length + name.length + localExtra.length + entry.body.length + descriptor.length;
    }
    const centralExtra = entry.zip64 ? zip64Extra(true) : Buffer.alloc(0);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 45, 4);
    central.writeUInt16LE(entry.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.crc32, 16);
    central.writeUInt32LE(entry.zip64 ? 0xffffffff : entry.body.length, 20);
    central.writeUInt32LE(entry.zip64 ? 0xffffffff : entry.uncompressedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(centralExtra.length, 30);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(at, 42);
    centrals.push(central, name, centralExtra);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A stored or deflated entry described truthfully (the caller may then lie about one field). */
export function zipEntryOf(name: string, data: Buffer, method: 0 | 8 = 8): RawZipEntry {
  return {
    name,
    body: method === 8 ? deflateRawSync(data) : data,
    method,
    crc32: crc32(data),
    uncompressedSize: data.length,
  };
}

/**
 * The bomb of issue 14: about 1 MB of deflate that inflates to `inflatedBytes` (1 GiB) of zeros
 * while every header declares `declaredBytes` (1,000,000), so the directory's ratio looks honest.
 * Built streaming: the 1 GiB is never in memory.
 */
export async function makeLyingZipBomb(
  inflatedBytes = 1024 ** 3,
  declaredBytes = 1_000_000,
): Promise<Buffer> {
  const deflater = createDeflateRaw({ level: 9, memLevel: 9 });
  const output: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => output.push(chunk));
  const finished = new Promise((resolve) => deflater.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let written = 0; written < inflatedBytes; written += zeros.length) {
    const chunk = zeros.subarray(0, Math.min(zeros.length, inflatedBytes - written));
    crc = crc32(chunk, crc);
    if (!deflater.write(chunk)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  deflater.end();
  await finished;
  return makeRawZip([
    {
      name: 'DICOMDIR',
      body: Buffer.alloc(64, 1),
      method: 0,
      crc32: crc32(Buffer.alloc(64, 1)),
      uncompressedSize: 64,
    },
    {
      name: 'DICOM/IM0001',
      body: Buffer.concat(output),
      method: 8,
      crc32: crc,
      uncompressedSize: declaredBytes,
    },
  ]);
}
