import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as z from 'zod';

/**
 * `npx tsx scripts/corpus-reference.ts`: regenerates the reference reading and the expected
 * verdict of every file in test/fixtures/dicom-corpus/corpus.json with dcmtk's dcmdump, so the
 * corpus test compares our upload validation with an independent, maintained DICOM reader.
 * The hand-written parts of an entry (source, licence, what it covers, how a derived file was
 * cut, whether it is truncated) are kept; sha256, size, reference, expected and why are rewritten.
 */

export const corpusDir = join(import.meta.dirname, '../test/fixtures/dicom-corpus');
export const corpusFile = join(corpusDir, 'corpus.json');

const DCMDUMP = '/usr/bin/dcmdump';
/** -M: long values (pixel data) not loaded; +uc: UN elements read with their real VR; -Un: UIDs as numbers. */
const DCMDUMP_OPTIONS = ['-M', '+uc', '-Un'];
const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';
const uidNames = [
  ['0020,000d', 'study'],
  ['0020,000e', 'series'],
  ['0008,0018', 'instance'],
] as const;

export const expectedCodes = [
  'dicom_truncated',
  'dicom_dicomdir_only',
  'dicom_missing_identifiers',
  'unknown_type',
] as const;

const referenceSchema = z.object({
  reader: z.string(),
  command: z.string(),
  reads: z.boolean(),
  studyInstanceUid: z.string().optional(),
  seriesInstanceUid: z.string().optional(),
  sopInstanceUid: z.string().optional(),
  sopClassUid: z.string().optional(),
  transferSyntaxUid: z.string().optional(),
  note: z.string(),
});

export const corpusEntrySchema = z.object({
  file: z.string(),
  source: z.object({ repository: z.string(), path: z.string(), commit: z.string() }),
  licence: z.string(),
  covers: z.string(),
  /** A file cut from another corpus file: bytes [start, end) of `from`. */
  derived: z
    .object({ from: z.string(), how: z.string(), bytes: z.tuple([z.number(), z.number()]) })
    .optional(),
  /** Known to be cut short (a real truncated file or a derived cut); set by hand. */
  truncated: z.boolean(),
  sha256: z.string().optional(),
  size: z.number().optional(),
  reference: referenceSchema.optional(),
  expected: z
    .object({ verdict: z.enum(['accepted', 'rejected']), code: z.enum(expectedCodes).optional() })
    .optional(),
  why: z.string().optional(),
});
export type CorpusEntry = z.infer<typeof corpusEntrySchema>;
export type ReferencedEntry = CorpusEntry &
  Required<Pick<CorpusEntry, 'sha256' | 'size' | 'reference' | 'expected' | 'why'>>;

export async function readCorpus(): Promise<ReferencedEntry[]> {
  const entries = z.array(corpusEntrySchema).parse(JSON.parse(await readFile(corpusFile, 'utf8')));
  return entries.map((entry) => {
    if (!entry.sha256 || entry.size === undefined || !entry.reference || !entry.expected || !entry.why) {
      throw new Error(`${entry.file} has no reference reading: run scripts/corpus-reference.ts`);
    }
    return entry as ReferencedEntry;
  });
}

/** Top-level (unindented) elements of a dcmdump listing: `(gggg,eeee) VR [value]`. */
function topLevelValues(dump: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of dump.split('\n')) {
    const match = /^\(([0-9a-f]{4},[0-9a-f]{4})\) [A-Z]{2} \[([^\]]*)\]/.exec(line);
    if (match?.[1] && match[2] !== undefined && !values.has(match[1])) {
      values.set(match[1], match[2].replace(/[\0 ]+$/, ''));
    }
  }
  return values;
}

async function dcmdump(path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(DCMDUMP, [...DCMDUMP_OPTIONS, path], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function dcmtkVersion(): Promise<string> {
  const { stdout } = await dcmdump('--version');
  return /dcmdump v(\S+)/.exec(stdout)?.[1] ?? 'unknown';
}

export async function referenceFor(
  entry: CorpusEntry,
  version: string,
): Promise<z.infer<typeof referenceSchema>> {
  const { code, stdout, stderr } = await dcmdump(join(corpusDir, entry.file));
  const errors = stderr
    .split('\n')
    .filter((line) => line.startsWith('E: '))
    .map((line) => line.replace(/: reading file: .*$/, ''));
  const reads = code === 0 && errors.length === 0;
  const values = reads ? topLevelValues(stdout) : new Map<string, string>();
  const pick = (tag: string) => values.get(tag) || undefined;
  const uids = {
    studyInstanceUid: pick('0020,000d'),
    seriesInstanceUid: pick('0020,000e'),
    sopInstanceUid: pick('0008,0018'),
    sopClassUid: pick('0008,0016') ?? pick('0002,0002'),
    transferSyntaxUid: pick('0002,0010'),
  };
  const found = Object.entries(uids).filter(([, value]) => value !== undefined);
  return {
    reader: `dcmtk ${version} dcmdump`,
    command: `dcmdump ${DCMDUMP_OPTIONS.join(' ')} <file>`,
    reads,
    ...Object.fromEntries(found),
    note: reads
      ? `exit 0, no errors; top-level UIDs present: ${
          uidNames
            .filter(([tag]) => pick(tag))
            .map(([, name]) => name)
            .join(', ') || 'none'
        }; missing: ${
          uidNames
            .filter(([tag]) => !pick(tag))
            .map(([, name]) => name)
            .join(', ') || 'none'
        }`
      : `exit ${code}: ${errors.join(' / ') || 'no error message'}`,
  };
}

/** The issue's rule: what the upload validation must answer, given the reference reading. */
export function expectedFor(
  entry: CorpusEntry,
  reference: z.infer<typeof referenceSchema>,
): { expected: NonNullable<CorpusEntry['expected']>; why: string } {
  if (entry.truncated) {
    if (reference.reads) throw new Error(`${entry.file} is marked truncated but dcmdump reads it whole`);
    return {
      expected: { verdict: 'rejected', code: 'dicom_truncated' },
      why: 'The file is cut short (dcmdump stops at the end of the file); it must be refused as truncated.',
    };
  }
  if (reference.sopClassUid === DICOMDIR_SOP_CLASS) {
    return {
      expected: { verdict: 'rejected', code: 'dicom_dicomdir_only' },
      why: 'A DICOMDIR (Media Storage Directory) is the index of a disc, not an image.',
    };
  }
  if (!reference.reads) {
    throw new Error(`${entry.file}: dcmdump cannot read it and it is not marked truncated; decide by hand`);
  }
  if (reference.studyInstanceUid && reference.seriesInstanceUid && reference.sopInstanceUid) {
    return {
      expected: { verdict: 'accepted' },
      why: 'dcmdump reads it with its study, series and instance UIDs: it must be accepted with the same three UIDs.',
    };
  }
  return {
    expected: { verdict: 'rejected', code: 'dicom_missing_identifiers' },
    why: 'dcmdump reads it, but the data set lacks a study, series or instance UID.',
  };
}

async function main() {
  const entries = z.array(corpusEntrySchema).parse(JSON.parse(await readFile(corpusFile, 'utf8')));
  const version = await dcmtkVersion();
  const updated: CorpusEntry[] = [];
  for (const entry of entries) {
    const bytes = await readFile(join(corpusDir, entry.file));
    if (entry.derived) {
      const source = await readFile(join(corpusDir, entry.derived.from));
      const [start, end] = entry.derived.bytes;
      if (!source.subarray(start, end).equals(bytes)) {
        throw new Error(`${entry.file} is not bytes ${start}..${end} of ${entry.derived.from}`);
      }
    }
    const reference = await referenceFor(entry, version);
    updated.push({
      ...entry,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      reference,
      ...expectedFor(entry, reference),
    });
  }
  await writeFile(corpusFile, `${JSON.stringify(updated, null, 2)}\n`);
  // The repository's formatter has the last word on the layout, so `npm run lint` passes.
  await promisify(execFile)(join(import.meta.dirname, '../node_modules/.bin/biome'), [
    'format',
    '--write',
    corpusFile,
  ]);
  const counts = new Map<string, number>();
  for (const entry of updated) {
    const key = `${entry.expected?.verdict}${entry.expected?.code ? ` ${entry.expected.code}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  console.log(`${updated.length} files referenced with dcmtk ${version}:`, Object.fromEntries(counts));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
