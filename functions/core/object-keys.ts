/** Object keys carry ids only: never names, dates of birth, diagnoses or file names. */
export const objectKeys = {
  intakeDocument: (caseId: string, documentId: string) => `cases/${caseId}/documents/${documentId}`,
  /** A PDF rewritten without its active content, beside the original in quarantine. */
  intakeDisarmed: (caseId: string, documentId: string) => `cases/${caseId}/disarmed/${documentId}`,
  /** A DICOM data set without preamble wrapped as a Part 10 file, beside the original in quarantine. */
  intakeWrapped: (caseId: string, documentId: string) => `cases/${caseId}/wrapped/${documentId}`,
  recordsDocument: (caseId: string, documentId: string) => `cases/${caseId}/documents/${documentId}`,
  packageFile: (caseId: string, submission: number, name: string) =>
    `cases/${caseId}/packages/${submission}/${name}`,
  certifiedTranslation: (caseId: string, uploadId: string) =>
    `cases/${caseId}/certified-translations/${uploadId}`,
  recordsReport: (caseId: string, uploadId: string) => `cases/${caseId}/reports/${uploadId}`,
  reportTranslation: (caseId: string, uploadId: string, language: string) =>
    `cases/${caseId}/reports/${uploadId}.${language}.txt`,
  /** A receipt or credit note as rendered; `variant` changes when what it prints does (receipt-pdf.ts). */
  receipt: (caseId: string, number: string, variant: string) =>
    `cases/${caseId}/receipts/${number}/${variant}.pdf`,
  relayFile: (hospitalId: string, caseId: string, submission: number, fileId: string) =>
    `hospitals/${hospitalId}/cases/${caseId}/submissions/${submission}/files/${fileId}`,
  relayReportUpload: (hospitalId: string, caseId: string, uploadId: string) =>
    `hospitals/${hospitalId}/cases/${caseId}/reports/${uploadId}`,
};

const INTAKE_DOCUMENT = /^cases\/([a-z]{1,4}_[a-z0-9]{8,40})\/documents\/([a-z]{1,4}_[a-z0-9]{8,40})$/;

export function parseIntakeDocumentKey(key: string): { caseId: string; documentId: string } | undefined {
  const match = INTAKE_DOCUMENT.exec(key);
  return match ? { caseId: match[1]!, documentId: match[2]! } : undefined;
}
