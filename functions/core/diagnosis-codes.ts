import type { Diagnosis } from './pathology';
import type { CancerType } from './vocabulary';

/**
 * The diagnosis codes a receipt names for an insurer, from the case's cancer type and the
 * histology its pathology report states. ICD-10 has site codes, not histology codes (histology
 * is ICD-O morphology), so histology only decides where it names a different code: liver cell
 * carcinoma against intrahepatic bile duct carcinoma, carcinoma in situ against invasive. The
 * site is unspecified (".9") because a receipt states what the records establish, not a guess at
 * the quadrant or the side.
 */
export const diagnosisCodeSources = {
  who: {
    system: 'ICD-10',
    edition: 'WHO ICD-10 Version 2019',
    url: 'https://icd.who.int/browse10/2019/en',
  },
  cm: {
    system: 'ICD-10-CM',
    edition: 'CMS ICD-10-CM FY2026 code tables (effective 1 October 2025)',
    url: 'https://www.cms.gov/medicare/coding-billing/icd-10-codes',
  },
} as const;

export interface DiagnosisCodeEntry {
  readonly who: { readonly code: string; readonly title: string };
  /** ICD-10-CM, for insurers in the United States. */
  readonly cm: { readonly code: string; readonly title: string };
}

interface TableRow extends DiagnosisCodeEntry {
  readonly cancerType: Exclude<CancerType, 'other'>;
  /** Histologies (as functions/core/pathology.ts names them) this row is for; absent: any other. */
  readonly histologies?: readonly string[];
  /** ICD-10-CM tells the breast of a man from a woman's. */
  readonly sex?: 'male';
}

/** Checked against the two sources above, code by code. First matching row wins. */
const table: readonly TableRow[] = [
  {
    cancerType: 'breast',
    histologies: ['ductal carcinoma in situ'],
    who: { code: 'D05.1', title: 'Intraductal carcinoma in situ of breast' },
    cm: { code: 'D05.10', title: 'Intraductal carcinoma in situ of unspecified breast' },
  },
  {
    cancerType: 'breast',
    sex: 'male',
    who: { code: 'C50.9', title: 'Malignant neoplasm of breast, unspecified' },
    cm: { code: 'C50.929', title: 'Malignant neoplasm of unspecified site of unspecified male breast' },
  },
  {
    cancerType: 'breast',
    who: { code: 'C50.9', title: 'Malignant neoplasm of breast, unspecified' },
    cm: { code: 'C50.919', title: 'Malignant neoplasm of unspecified site of unspecified female breast' },
  },
  {
    cancerType: 'lung',
    who: { code: 'C34.9', title: 'Malignant neoplasm of bronchus or lung, unspecified' },
    cm: { code: 'C34.90', title: 'Malignant neoplasm of unspecified part of unspecified bronchus or lung' },
  },
  {
    cancerType: 'colorectal',
    who: { code: 'C18.9', title: 'Malignant neoplasm of colon, unspecified' },
    cm: { code: 'C18.9', title: 'Malignant neoplasm of colon, unspecified' },
  },
  {
    cancerType: 'gastric',
    who: { code: 'C16.9', title: 'Malignant neoplasm of stomach, unspecified' },
    cm: { code: 'C16.9', title: 'Malignant neoplasm of stomach, unspecified' },
  },
  {
    cancerType: 'esophageal',
    who: { code: 'C15.9', title: 'Malignant neoplasm of oesophagus, unspecified' },
    cm: { code: 'C15.9', title: 'Malignant neoplasm of esophagus, unspecified' },
  },
  {
    cancerType: 'liver',
    histologies: ['hepatocellular carcinoma'],
    who: { code: 'C22.0', title: 'Liver cell carcinoma' },
    cm: { code: 'C22.0', title: 'Liver cell carcinoma' },
  },
  {
    cancerType: 'liver',
    histologies: ['intrahepatic cholangiocarcinoma', 'cholangiocarcinoma'],
    who: { code: 'C22.1', title: 'Intrahepatic bile duct carcinoma' },
    cm: { code: 'C22.1', title: 'Intrahepatic bile duct carcinoma' },
  },
  {
    cancerType: 'liver',
    who: { code: 'C22.9', title: 'Malignant neoplasm of liver, unspecified' },
    cm: { code: 'C22.9', title: 'Malignant neoplasm of liver, not specified as primary or secondary' },
  },
  {
    cancerType: 'pancreatic',
    who: { code: 'C25.9', title: 'Malignant neoplasm of pancreas, unspecified' },
    cm: { code: 'C25.9', title: 'Malignant neoplasm of pancreas, unspecified' },
  },
  {
    cancerType: 'nasopharyngeal',
    who: { code: 'C11.9', title: 'Malignant neoplasm of nasopharynx, unspecified' },
    cm: { code: 'C11.9', title: 'Malignant neoplasm of nasopharynx, unspecified' },
  },
];

/**
 * The codes for a case's diagnosis; undefined for `other`, whose site the case does not state
 * (the receipt then says no code was derived, rather than inventing one).
 */
export function diagnosisCodes(
  cancerType: CancerType,
  diagnosis: Pick<Diagnosis, 'histology'> | undefined,
  sex: 'female' | 'male' | 'other' | undefined,
): DiagnosisCodeEntry | undefined {
  const histology = diagnosis?.histology?.toLowerCase();
  const row = table.find(
    (candidate) =>
      candidate.cancerType === cancerType &&
      (!candidate.histologies || (histology !== undefined && candidate.histologies.includes(histology))) &&
      (!candidate.sex || candidate.sex === sex),
  );
  return row ? { who: row.who, cm: row.cm } : undefined;
}
