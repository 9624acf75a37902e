import { describe, expect, it } from 'vitest';
import type { RelayFile } from '../../../../functions/core/case/record';
import { AppError, ValidationError } from '../../../../functions/core/errors';
import {
  mediaTypeOf,
  packageFileView,
  parsePackageQuery,
  selectPackageFiles,
  UnknownPackageFilesError,
} from '../../../../functions/core/package/package-read';
import { relayPackageFile } from '../../../../functions/core/responses/relay';

const hash = 'c'.repeat(64);
const file = (fileId: string, overrides: Partial<RelayFile> = {}): RelayFile => ({
  fileId,
  fileName: `${fileId}.bin`,
  category: 'imaging',
  size: 10,
  sha256: hash,
  key: `relay/hosp/case/1/${fileId}`,
  ...overrides,
});
const link = {
  url: 'https://relay.example/object?X-Amz-Signature=abc',
  expiresAt: '2027-03-01T00:15:00.000Z',
};

describe('a package read', () => {
  it('takes a purpose and a list of file ids, and nothing else it would have to guess', () => {
    expect(parsePackageQuery({})).toEqual({});
    expect(parsePackageQuery({ purpose: 'viewer' })).toEqual({ purpose: 'viewer' });
    expect(parsePackageQuery({ purpose: 'file', files: 'doc_a, doc_b,doc_a' })).toEqual({
      purpose: 'file',
      fileIds: ['doc_a', 'doc_b'],
    });
    // Parameters the route never read are ignored, as they always were.
    expect(parsePackageQuery({ t: '123' })).toEqual({});
    for (const purpose of ['', 'SUMMARY', 'print']) {
      expect(() => parsePackageQuery({ purpose })).toThrow(ValidationError);
    }
    for (const files of ['', 'doc_a,', 'doc a', '../x', `${'x'.repeat(65)}`]) {
      expect(() => parsePackageQuery({ files })).toThrow(ValidationError);
    }
  });

  it('presigns only the files named, in the package’s order; an unknown id is a 400 that names it', () => {
    const files = [file('summary'), file('doc_a'), file('doc_b')];
    expect(selectPackageFiles(files, undefined)).toBe(files);
    expect(selectPackageFiles(files, ['doc_b', 'summary']).map((entry) => entry.fileId)).toEqual([
      'summary',
      'doc_b',
    ]);
    const refused = (() => {
      try {
        selectPackageFiles(files, ['doc_a', 'doc_zzz']);
      } catch (error) {
        return error;
      }
    })() as AppError;
    expect(refused).toBeInstanceOf(UnknownPackageFilesError);
    expect(refused).toBeInstanceOf(AppError);
    expect({ code: refused.code, status: refused.statusCode, details: refused.details }).toEqual({
      code: 'unknown_package_files',
      status: 400,
      details: [{ path: 'files', message: 'No such file.', fileId: 'doc_zzz' }],
    });
  });

  it('says what each file is, spells out its DICOM series, and matches the documented schema', () => {
    const series = [
      { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', modality: 'CT', seriesDescription: 'Chest' },
    ];
    const slice = packageFileView(
      file('doc_slice', { contentType: 'application/dicom', dicom: { series: 0, instanceNumber: 7 } }),
      series,
      link,
    );
    expect(slice).toMatchObject({
      mediaType: 'application/dicom',
      dicom: { ...series[0], instanceNumber: 7 },
      url: link.url,
    });
    expect(relayPackageFile.safeParse(slice).success).toBe(true);
    const disc = packageFileView(file('doc_disc', { contentType: 'application/zip' }), series, link);
    expect(disc.mediaType).toBe('application/zip');
    expect(disc).not.toHaveProperty('dicom');
    // Files delivered before types were recorded: the category's type.
    expect(mediaTypeOf(file('summary-data', { category: 'summary-data' }))).toBe('application/json');
    expect(mediaTypeOf(file('summary', { category: 'summary' }))).toBe('application/pdf');
    expect(mediaTypeOf(file('tr_a', { category: 'translation', translation: 'machine-draft' }))).toBe(
      'text/plain',
    );
    expect(mediaTypeOf(file('doc_png', { contentType: 'image/png' }))).toBe('image/png');
    // Nothing known: no type claimed.
    expect(mediaTypeOf(file('doc_old'))).toBeUndefined();
    // A series index the record does not hold names nothing rather than something wrong.
    expect(packageFileView(file('doc_x', { dicom: { series: 3 } }), series, link)).not.toHaveProperty(
      'dicom',
    );
  });
});
