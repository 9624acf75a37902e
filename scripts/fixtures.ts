import { crc32, deflateRawSync } from 'node:zlib';
import type { ReceiptDocument } from '../functions/core/case/payment-receipt';

/**
 * Small but real medical-record files for the demo and the tests: a PDF that PDF readers
 * open, and a DICOM Part 10 file (explicit VR little endian) with a header and pixel data.
 * The content is invented; no real patient's data is used anywhere.
 */

/**
 * A one-page PDF with the given lines of text, with a correct cross-reference table.
 * `encrypted` adds a standard security handler, as a password-protected export has.
 */
export function makePdf(lines: readonly string[], options: { encrypted?: boolean } = {}): Buffer {
  const escapePdfText = (text: string) =>
    text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const content = [
    'BT /F1 11 Tf 50 780 Td 14 TL',
    ...lines.map((line) => `(${escapePdfText(line)}) '`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  const encryption = options.encrypted
    ? ` /Encrypt << /Filter /Standard /V 1 /R 2 /O (${'a'.repeat(32)}) /U (${'a'.repeat(32)}) /P -4 >> /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]`
    : '';
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encryption} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function element(group: number, elementId: number, vr: string, value: Buffer): Buffer {
  const padded =
    value.length % 2 === 0 ? value : Buffer.concat([value, Buffer.from([vr === 'UI' ? 0 : 0x20])]);
  const longForm = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN'].includes(vr);
  const header = Buffer.alloc(longForm ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(elementId, 2);
  header.write(vr, 4, 'latin1');
  if (longForm) header.writeUInt32LE(padded.length, 8);
  else header.writeUInt16LE(padded.length, 6);
  return Buffer.concat([header, padded]);
}

const text = (value: string) => Buffer.from(value, 'latin1');
const u16 = (value: number) => {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
};

export interface DicomOptions {
  readonly modality?: string;
  readonly studyDate?: string;
  /** PN value; by default the harness's default patient, "Test Patient". */
  readonly patientName?: string;
  /** PatientBirthDate (0010,0030) as YYYYMMDD; absent by default. */
  readonly patientBirthDate?: string;
  /** PatientSex (0010,0040): M, F or O; absent by default. */
  readonly patientSex?: string;
  /** The name as raw bytes in the file's character set (wins over `patientName`). */
  readonly patientNameBytes?: Buffer;
  /** SpecificCharacterSet (0008,0005), e.g. `ISO_IR 192` or `GB18030`. */
  readonly characterSet?: string;
  readonly rows?: number;
  readonly columns?: number;
  readonly studyInstanceUid?: string;
  readonly seriesInstanceUid?: string;
  readonly sopInstanceUid?: string;
  /**
   * How the file is laid out: a Part 10 file (the default); its data set deflated (transfer
   * syntax 1.2.840.10008.1.2.1.99); without the 128-byte preamble and DICM (meta group kept); or
   * the bare data set, as older PACS exports write it.
   */
  readonly layout?: 'part10' | 'deflated' | 'no-preamble' | 'data-set-only';
}

/** A patient's full name ("Amina Demo-Patient") as DICOM writes it: family name last here, `Demo-Patient^Amina`. */
export function dicomPersonName(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  const family = words.pop() ?? '';
  return words.length > 0 ? `${family}^${words.join(' ')}` : family;
}

/** A CT image as a DICOM Part 10 file: 128-byte preamble, `DICM`, file meta, data set, pixels. */
export function makeDicom(options: DicomOptions = {}): Buffer {
  const sopClass = '1.2.840.10008.5.1.4.1.1.2';
  const sopInstance = options.sopInstanceUid ?? '1.2.826.0.1.3680043.8.498.1001';
  const rows = options.rows ?? 64;
  const columns = options.columns ?? 64;
  const layout = options.layout ?? 'part10';
  const metaElements = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', text(sopClass)),
    element(0x0002, 0x0003, 'UI', text(sopInstance)),
    element(
      0x0002,
      0x0010,
      'UI',
      text(layout === 'deflated' ? '1.2.840.10008.1.2.1.99' : '1.2.840.10008.1.2.1'),
    ),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaElements.length);
  const pixels = Buffer.alloc(rows * columns * 2);
  for (let i = 0; i < rows * columns; i += 1) pixels.writeUInt16LE((i * 7) % 4096, i * 2);
  const meta = Buffer.concat([element(0x0002, 0x0000, 'UL', groupLength), metaElements]);
  const dataSet = Buffer.concat([
    ...(options.characterSet ? [element(0x0008, 0x0005, 'CS', text(options.characterSet))] : []),
    element(0x0008, 0x0016, 'UI', text(sopClass)),
    element(0x0008, 0x0018, 'UI', text(sopInstance)),
    element(0x0008, 0x0020, 'DA', text(options.studyDate ?? '20261005')),
    element(0x0008, 0x0060, 'CS', text(options.modality ?? 'CT')),
    element(0x0010, 0x0010, 'PN', options.patientNameBytes ?? text(options.patientName ?? 'Patient^Test')),
    ...(options.patientBirthDate ? [element(0x0010, 0x0030, 'DA', text(options.patientBirthDate))] : []),
    ...(options.patientSex ? [element(0x0010, 0x0040, 'CS', text(options.patientSex))] : []),
    element(0x0018, 0x0015, 'CS', text('CHEST')),
    element(0x0020, 0x000d, 'UI', text(options.studyInstanceUid ?? '1.2.826.0.1.3680043.8.498.1')),
    element(0x0020, 0x000e, 'UI', text(options.seriesInstanceUid ?? '1.2.826.0.1.3680043.8.498.1.1')),
    element(0x0028, 0x0010, 'US', u16(rows)),
    element(0x0028, 0x0011, 'US', u16(columns)),
    element(0x0028, 0x0100, 'US', u16(16)),
    element(0x7fe0, 0x0010, 'OW', pixels),
  ]);
  if (layout === 'data-set-only') return dataSet;
  if (layout === 'no-preamble') return Buffer.concat([meta, dataSet]);
  return Buffer.concat([
    Buffer.alloc(128),
    text('DICM'),
    meta,
    layout === 'deflated' ? deflateRawSync(dataSet) : dataSet,
  ]);
}

/** The treatment history of the HTTP contract's example (issue 2), with invented dates in 2026. */
export function sampleTreatmentHistory() {
  return {
    surgeries: [{ procedure: 'Left lumpectomy', date: '2026-03-02', outcome: 'Clear margins' }],
    chemotherapy: [
      {
        regimen: 'AC-T',
        drugs: [{ name: 'doxorubicin', dose: 60, unit: 'mg/m2' }],
        cycles: 4,
        startDate: '2026-04-01',
        endDate: '2026-06-10' as string | null,
        response: 'partial-response',
      },
    ],
    radiation: [
      {
        target: 'Left breast',
        doseGy: 50,
        fractions: 25,
        startDate: '2026-07-01',
        endDate: '2026-08-05',
        response: 'not-assessed',
      },
    ],
    systemicTherapies: [
      {
        kind: 'targeted',
        drugs: ['trastuzumab'],
        trialId: null,
        startDate: '2026-06-15',
        endDate: null,
        response: 'stable-disease',
      },
    ],
    breaks: [{ from: '2026-06-11', to: '2026-06-30', reason: 'neutropenia' }],
    tumorMarkers: [{ name: 'CA 15-3', value: 28, unit: 'U/mL', date: '2026-10-01' }],
    latestImagingDate: '2026-10-05',
    currentPlan: {
      recommendedPath: 'continue-current-plan',
      summary: 'Continue trastuzumab to one year, then adjuvant endocrine therapy.',
    },
  };
}

export interface ZipFixtureEntry {
  readonly name: string;
  readonly data?: Buffer;
  readonly deflate?: boolean;
  /** Unix mode in the external attributes, e.g. 0o120777 for a symbolic link. */
  readonly unixMode?: number;
  readonly encrypted?: boolean;
}

/** A real ZIP archive (stored or deflated entries) with a central directory and EOCD record. */
export function makeZip(entries: readonly ZipFixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = entry.data ?? Buffer.alloc(0);
    const body = entry.deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(raw);
    const flags = 0x800 | (entry.encrypted ? 1 : 0);
    const method = entry.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
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

/** A disc export: DICOMDIR plus DICOM files in a DICOM folder. */
export function makeDiscZip(): Buffer {
  return makeZip([
    { name: 'DICOMDIR', data: Buffer.alloc(200, 1) },
    { name: 'DICOM/IM0001', data: makeDicom({ sopInstanceUid: '1.2.3.1' }), deflate: true },
    { name: 'DICOM/IM0002', data: makeDicom({ sopInstanceUid: '1.2.3.2' }), deflate: true },
  ]);
}

/** A valid PNG header (signature and IHDR with its CRC) followed by a tiny IDAT and IEND. */
export function makePng(width = 640, height = 480): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateRawSync(Buffer.alloc(10))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG header: SOI, an APP0 (JFIF) segment and a baseline start-of-frame. */
export function makeJpeg(width = 800, height = 600): Buffer {
  const app0 = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00,
  ]);
  const sof = Buffer.from([
    0xff,
    0xc0,
    0x00,
    0x0b,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x01,
    0x01,
    0x11,
    0x00,
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

/** A real DICOM file of `size` bytes: a small header whose pixel data fills the rest. */
export function largeDicom(size: number, options: DicomOptions = {}): Buffer {
  const head = makeDicom({ rows: 16, columns: 16, ...options });
  const file = Buffer.alloc(size);
  head.copy(file);
  const pixelTag = head.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  file.writeUInt32LE(size - (pixelTag + 12), pixelTag + 8);
  for (let offset = head.length; offset < size; offset += 97) file[offset] = offset % 251;
  return file;
}

/** A structured opinion as a hospital sends it with its report (invented, for demos and tests). */
export function sampleOpinion(overrides: Record<string, unknown> = {}) {
  return {
    outcome: 'current-plan-optimal',
    stagingAgreement: { agrees: true },
    recommendedPath: 'continue-current-plan',
    optionsRecommended: ['Continue adjuvant endocrine therapy for five years.'],
    limitsNoted: ['physical-examination'],
    ...overrides,
  };
}

/**
 * A hospital that charges through the service (USD 1,200.00 for the review, in minor units),
 * as a coordinator enters it; the sample hospitals have no fee schedule.
 */
export function chargingHospitalInput(name: string, relayRegion: string) {
  return {
    name,
    type: 'cancer-specialty',
    city: 'Shanghai',
    timeZone: 'Asia/Shanghai',
    calendar: 'CN',
    cancerTypes: ['breast', 'lung'],
    modalities: [],
    acceptsEnglishRecords: true,
    requiresCertifiedTranslation: false,
    certifiedTranslationOf: [],
    turnaroundBusinessDays: 5,
    expedited: null,
    contactEmail: 'ipd@charging.example',
    relayRegion,
    fees: { currency: 'USD', review: 120_000 },
  };
}

/** An invented patient's receipt for a three-line quote (the renderer's tests and its benchmark). */
export function sampleReceipt(): Omit<ReceiptDocument, 'language' | 'codes'> {
  return {
    kind: 'receipt',
    number: 'INV-2027-000042',
    issuedOn: '2027-03-04',
    provider: {
      legalName: 'Sample Second Opinions Ltd',
      address: ['1 Example Street', 'Example City 00000'],
    },
    patient: { fullName: 'Amina Wanjiru Otieno', dateOfBirth: '1971-03-09', country: 'Kenya' },
    caseId: 'case_abc123def456',
    hospital: { name: 'Sample Cancer Hospital', city: 'Guangzhou' },
    cancerType: 'breast',
    histology: 'invasive ductal carcinoma',
    currency: 'USD',
    lines: [
      { code: 'review', quantity: 1, unitAmount: 120_000, amount: 120_000 },
      { code: 'certified-translation', quantity: 6, unitAmount: 2_500, amount: 15_000 },
      { code: 'coordination', quantity: 1, unitAmount: 15_000, amount: 15_000 },
    ],
    total: 150_000,
    payment: { method: 'bank-transfer', reference: 'TRX-88231', on: '2027-03-03' },
  };
}
