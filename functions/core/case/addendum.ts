import type { z } from 'zod';
import { ConflictError, ValidationError } from '../errors';
import type { addendumSchema } from '../schemas';
import type { Addendum, CaseRecord } from './record';

export type AddendumAnswers = z.output<typeof addendumSchema>['answers'];

/** Every answer must name a question the patient asked and the hospital has not answered yet. */
export function checkAnswersOpenQuestions(record: CaseRecord, answers: AddendumAnswers): void {
  const open = new Set((record.questions ?? []).filter((q) => !q.answer).map((q) => q.questionId));
  const unknown = answers.findIndex((answer) => !open.has(answer.questionId));
  if (unknown >= 0) {
    throw new ValidationError('The request body is not valid.', [
      { path: `answers.${unknown}.questionId`, message: 'No open question with this id.' },
    ]);
  }
}

/** The addendum as recorded: the accepted PDF, when it arrived (business time), what it answers. */
export function addendumRecord(
  file: {
    readonly upload: { readonly uploadId: string; readonly fileName: string };
    readonly recordsKey: string;
    readonly size: number;
    readonly sha256: string;
  },
  answers: AddendumAnswers,
  now: Date,
): Addendum {
  return {
    addendumId: file.upload.uploadId,
    recordsKey: file.recordsKey,
    fileName: file.upload.fileName,
    size: file.size,
    sha256: file.sha256,
    receivedAt: now.toISOString(),
    questionIds: answers.map((answer) => answer.questionId),
  };
}

/**
 * Records an addendum on a delivered case and marks the questions it answers; `undefined` when
 * it is already recorded (a retry changes nothing and notifies no one again).
 */
export function decideAddendum(current: CaseRecord, addendum: Addendum, answers: AddendumAnswers) {
  if (current.status !== 'completed')
    throw new ConflictError('invalid_state', 'The case has no delivered report.');
  if ((current.addenda ?? []).some((existing) => existing.addendumId === addendum.addendumId))
    return undefined;
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer.answer]));
  return {
    addenda: [...(current.addenda ?? []), addendum],
    questions: (current.questions ?? []).map((question) => {
      const text = byQuestion.get(question.questionId);
      return text !== undefined && !question.answer
        ? { ...question, answer: { text, addendumId: addendum.addendumId, answeredAt: addendum.receivedAt } }
        : question;
    }),
  };
}
