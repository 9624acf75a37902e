import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reasonSays, validateCorpusFile } from '../../../scripts/bench/dicom-corpus';
import { corpusDir, readCorpus } from '../../../scripts/corpus-reference';

// Real DICOM files from public test suites (test/fixtures/dicom-corpus/README.md), each with
// dcmtk's reading of it: the upload validation must agree with the reference reader.
const corpus = await readCorpus();

describe('the DICOM corpus', () => {
  it('has every file it lists, with the recorded bytes', async () => {
    for (const entry of corpus) {
      const bytes = await readFile(join(corpusDir, entry.file));
      expect({ file: entry.file, size: bytes.length }).toEqual({ file: entry.file, size: entry.size });
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
      if (entry.derived) {
        const [start, end] = entry.derived.bytes;
        const source = await readFile(join(corpusDir, entry.derived.from));
        expect(
          source.subarray(start, end).equals(bytes),
          `${entry.file} is cut from ${entry.derived.from}`,
        ).toBe(true);
      }
    }
  });

  it.each(corpus.map((entry) => [entry.file, entry] as const))('%s', async (_, entry) => {
    const bytes = new Uint8Array(await readFile(join(corpusDir, entry.file)));
    const { verdict } = await validateCorpusFile(bytes);
    if (entry.expected.verdict === 'accepted') {
      expect(verdict, entry.reference.note).toMatchObject({ accepted: true, kind: 'dicom' });
      if (!verdict.accepted) return;
      expect({
        studyInstanceUid: verdict.dicom?.studyInstanceUid,
        seriesInstanceUid: verdict.dicom?.seriesInstanceUid,
        sopInstanceUid: verdict.dicom?.sopInstanceUid,
      }).toEqual({
        studyInstanceUid: entry.reference.studyInstanceUid,
        seriesInstanceUid: entry.reference.seriesInstanceUid,
        sopInstanceUid: entry.reference.sopInstanceUid,
      });
    } else {
      expect(verdict, entry.reference.note).toMatchObject({ accepted: false, code: entry.expected.code });
      if (verdict.accepted || !entry.expected.code) return;
      expect(verdict.reason).toMatch(reasonSays[entry.expected.code] ?? /./);
      expect(verdict.reason).toMatch(/\.$/);
    }
  });
});
