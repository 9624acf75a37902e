/** The fixed vocabulary of the HTTP contract (issue 2). Later issues may add values, not rename. */
export const cancerTypes = [
  'breast',
  'lung',
  'colorectal',
  'gastric',
  'esophageal',
  'liver',
  'pancreatic',
  'nasopharyngeal',
  'other',
] as const;
export type CancerType = (typeof cancerTypes)[number];

export const itemIds = ['pathology-report', 'imaging', 'treatment-history', 'tumor-markers'] as const;
export type ItemId = (typeof itemIds)[number];

/** `cancelled`: the uploader aborted a multipart upload before completing it. */
export const documentStatuses = ['uploading', 'validating', 'accepted', 'rejected', 'cancelled'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

/** `in-transit`: imaging sent as a physical disc that has not arrived yet. */
export type ItemStatus = 'missing' | 'received' | 'accepted' | 'rejected' | 'in-transit';

export const outcomes = ['travel-recommended', 'current-plan-optimal', 'more-information-needed'] as const;
export type Outcome = (typeof outcomes)[number];

/** Stored case statuses; `ready` is derived from `collecting` when every requirement holds. */
export const caseStatuses = [
  'collecting',
  'ready',
  'routing',
  'awaiting-certified-translation',
  'awaiting-receipt',
  'under-review',
  'overdue',
  'awaiting-summary',
  'completed',
  'cancelled',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const responses = [
  'complete-response',
  'partial-response',
  'stable-disease',
  'progressive-disease',
  'not-assessed',
] as const;

export const systemicTherapyKinds = [
  'immunotherapy',
  'targeted',
  'clinical-trial',
  'hormonal',
  'other',
] as const;

/** The three waits of the workflow that a person ends through the API. */
export const callbackStages = ['certified-translation', 'receipt', 'report', 'summary'] as const;
export type CallbackStage = (typeof callbackStages)[number];
