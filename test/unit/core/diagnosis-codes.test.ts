import { describe, expect, it } from 'vitest';
import { diagnosisCodes } from '../../../functions/core/diagnosis-codes';
import { cancerTypes } from '../../../functions/core/vocabulary';

describe('diagnosis codes from cancer type and histology', () => {
  it('gives the WHO ICD-10 site code and the ICD-10-CM code for each cancer type but other', () => {
    const codes = Object.fromEntries(
      cancerTypes.map((type) => {
        const entry = diagnosisCodes(type, undefined, 'female');
        return [type, entry ? [entry.who.code, entry.cm.code] : undefined];
      }),
    );
    expect(codes).toEqual({
      breast: ['C50.9', 'C50.919'],
      lung: ['C34.9', 'C34.90'],
      colorectal: ['C18.9', 'C18.9'],
      gastric: ['C16.9', 'C16.9'],
      esophageal: ['C15.9', 'C15.9'],
      liver: ['C22.9', 'C22.9'],
      pancreatic: ['C25.9', 'C25.9'],
      nasopharyngeal: ['C11.9', 'C11.9'],
      other: undefined,
    });
  });

  it('lets histology decide where ICD-10 tells them apart, and ICD-10-CM the breast of a man', () => {
    const code = (...args: Parameters<typeof diagnosisCodes>) => {
      const entry = diagnosisCodes(...args);
      return entry && [entry.who.code, entry.cm.code];
    };
    expect(code('liver', { histology: 'hepatocellular carcinoma' }, undefined)).toEqual(['C22.0', 'C22.0']);
    expect(code('liver', { histology: 'Intrahepatic cholangiocarcinoma' }, undefined)).toEqual([
      'C22.1',
      'C22.1',
    ]);
    expect(code('breast', { histology: 'ductal carcinoma in situ' }, 'female')).toEqual(['D05.1', 'D05.10']);
    expect(code('breast', { histology: 'invasive ductal carcinoma' }, 'male')).toEqual(['C50.9', 'C50.929']);
    expect(code('lung', { histology: 'small cell lung carcinoma' }, 'male')).toEqual(['C34.9', 'C34.90']);
  });
});
