/**
 * What a remote opinion cannot settle, and how far a patient may follow it up. Plain data, no
 * zod: the case views (every read handler) show these, and the schemas in opinion.ts and
 * schemas.ts, which build on them, would otherwise come with them into each bundle.
 */

/** What a remote review cannot determine; the patient acknowledges each at consent. */
export const remoteReviewLimits = {
  'tissue-reread':
    'The specialists read your pathology report; they cannot re-examine the tissue itself unless slides or blocks are sent.',
  'imaging-age': 'They can only judge your scans as they were on the day they were taken.',
  'surgical-resectability':
    'Whether a tumour can be removed by surgery is finally decided only by the operating surgeon, in person.',
  'physical-assessment': 'No one can examine you physically from a distance.',
} as const;
export type RemoteReviewLimit = keyof typeof remoteReviewLimits;
export const remoteReviewLimitIds = Object.keys(remoteReviewLimits) as [
  RemoteReviewLimit,
  ...RemoteReviewLimit[],
];

/** Limits the specialist may note in the opinion itself. */
export const specialistNotedLimits = {
  resectability: 'Surgical resectability needs an in-person surgical assessment.',
  'physical-examination': 'A physical examination is needed to confirm the findings.',
  'tissue-reread': 'A re-read of the tissue (slides or blocks) is needed to confirm the diagnosis.',
} as const;

/** Follow-up questions after the report: three per case at most. */
export const MAX_FOLLOW_UP_QUESTIONS = 3;
