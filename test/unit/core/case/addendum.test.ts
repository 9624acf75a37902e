import { describe, expect, it } from 'vitest';
import {
  addendumRecord,
  checkAnswersOpenQuestions,
  decideAddendum,
} from '../../../../functions/core/case/addendum';
import { ConflictError, ValidationError } from '../../../../functions/core/errors';
import { caseWith } from './fixtures';

const now = new Date('2027-04-01T01:00:00Z');
const questions = [
  { questionId: 'q_one', text: 'Is surgery still possible?', askedAt: '2027-03-20T00:00:00Z' },
  {
    questionId: 'q_two',
    text: 'How long?',
    askedAt: '2027-03-20T00:00:00Z',
    answer: { text: 'Weeks.', addendumId: 'rpt_old', answeredAt: '2027-03-25T00:00:00Z' },
  },
];
const delivered = caseWith({ status: 'completed', questions });
const answers = [{ questionId: 'q_one', answer: 'Yes, after two cycles.' }];
const addendum = addendumRecord(
  { upload: { uploadId: 'rpt_new', fileName: 'addendum.pdf' }, recordsKey: 'k', size: 5, sha256: 'cd' },
  answers,
  now,
);

describe('addenda', () => {
  it('accepts answers to open questions only', () => {
    expect(() => checkAnswersOpenQuestions(delivered, answers)).not.toThrow();
    expect(() => checkAnswersOpenQuestions(delivered, [{ questionId: 'q_two', answer: 'Again.' }])).toThrow(
      ValidationError,
    );
  });

  it('records the addendum at the business time and answers its questions once', () => {
    expect(addendum).toEqual({
      addendumId: 'rpt_new',
      recordsKey: 'k',
      fileName: 'addendum.pdf',
      size: 5,
      sha256: 'cd',
      receivedAt: now.toISOString(),
      questionIds: ['q_one'],
    });
    const set = decideAddendum(delivered, addendum, answers);
    expect(set?.addenda).toEqual([addendum]);
    expect(set?.questions).toEqual([
      {
        ...questions[0],
        answer: { text: 'Yes, after two cycles.', addendumId: 'rpt_new', answeredAt: now.toISOString() },
      },
      questions[1],
    ]);
  });

  it('changes nothing when the addendum is already recorded, and refuses before delivery', () => {
    expect(decideAddendum({ ...delivered, addenda: [addendum] }, addendum, answers)).toBeUndefined();
    expect(() => decideAddendum(caseWith({ status: 'awaiting-summary' }), addendum, answers)).toThrow(
      ConflictError,
    );
  });
});
