import { describe, expect, it } from 'vitest';
import { packagePurposes } from '../../../functions/core/package/package-read';
import { relayOpenApiDocument } from '../../../functions/http/relay-contract';

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: { type: string; enum?: string[] };
}

describe('the relay OpenAPI document', () => {
  const document = relayOpenApiDocument() as unknown as {
    paths: Record<string, Record<string, { parameters?: Parameter[]; responses: Record<string, unknown> }>>;
  };
  const packageRead = document.paths['/relay/cases/{caseId}/package']!.get!;

  it('documents the package read’s optional purpose and files, beside the case id', () => {
    expect(packageRead.parameters?.map(({ name, in: where, required }) => [name, where, required])).toEqual([
      ['caseId', 'path', true],
      ['purpose', 'query', false],
      ['files', 'query', false],
    ]);
    expect(packageRead.parameters?.find((parameter) => parameter.name === 'purpose')?.schema.enum).toEqual([
      ...packagePurposes,
    ]);
    // The other routes read no query.
    const list = document.paths['/relay/cases']!.get!;
    expect(list.parameters).toBeUndefined();
  });

  it('describes the files’ media type and DICOM series, and the inbox marks, as optional fields', () => {
    const text = JSON.stringify(document);
    for (const field of [
      'mediaType',
      'studyInstanceUid',
      'seriesInstanceUid',
      'instanceNumber',
      'businessDaysLeft',
      'openedAt',
    ]) {
      expect(text).toContain(`"${field}"`);
    }
    const file = (
      packageRead.responses['200'] as {
        content: {
          'application/json': { schema: { properties: { files: { items: { required: string[] } } } } };
        };
      }
    ).content['application/json'].schema.properties.files.items;
    expect(file.required).not.toContain('mediaType');
    expect(file.required).not.toContain('dicom');
    expect(file.required).toContain('sha256');
  });
});
