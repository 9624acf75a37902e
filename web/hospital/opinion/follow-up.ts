import type { RelayAddendum, RelayQuestionsList } from '../../../functions/core/responses/relay';
import { addendumSchema } from '../../../functions/core/schemas';
import { ApiError, type ConsoleApi } from '../../console/view';
import { h, uniqueId } from '../../patient/dom';
import { buildAddendumBody } from './draft';
import { clearIssues, errorSummary, group, showIssues, textField } from './fields';
import { showServerIssues } from './server-issues';
import { formatInstant, type Lang, type Text } from './text';
import type { UploadSlot } from './upload';
import { uploadField } from './upload-field';
import { check } from './validation';

type Question = RelayQuestionsList['questions'][number];

export interface FollowUpOptions {
  readonly caseId: string;
  readonly api: ConsoleApi;
  readonly t: Text;
  readonly lang: Lang;
  /** What was typed per question, kept across redraws. */
  readonly answers: Map<string, string>;
  readonly upload: UploadSlot;
  readonly announce: (message: string) => void;
}

/**
 * After the report: the patient's follow-up questions, answered ones marked, and one addendum
 * form with an answer field for each open question and the addendum PDF (the route takes one
 * PDF with one or more answers), checked with the route's own schema.
 */
export function followUp(root: HTMLElement, options: FollowUpOptions): () => void {
  const { t } = options;
  const headingId = uniqueId('op-section');
  const list = h('div', { class: 'questions' });
  const refresh = h('button', { type: 'button', class: 'secondary' }, t.refreshQuestions);
  const formSlot = h('div', {});
  const status = h('p', { class: 'form-status', role: 'status' });
  let stopUpload: (() => void) | undefined;
  let stopped = false;

  const load = async (focusForm = false) => {
    let questions: Question[];
    try {
      questions = (
        await options.api.get<RelayQuestionsList>(
          `/relay/cases/${encodeURIComponent(options.caseId)}/questions`,
        )
      ).questions;
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : t.loadFailed;
      return;
    }
    if (stopped) return;
    list.replaceChildren(
      questions.length === 0
        ? h('p', { class: 'empty' }, t.noQuestions)
        : h(
            'ol',
            { class: 'question-list' },
            questions.map((question, index) =>
              h(
                'li',
                { 'data-question': question.questionId, 'data-answered': String(question.answered) },
                h('h3', {}, t.question(index + 1)),
                h('p', { class: 'question-text', id: `q-${question.questionId}` }, question.question),
                h(
                  'p',
                  { class: 'meta' },
                  t.askedAt(formatInstant(options.lang, question.askedAt)),
                  ' · ',
                  h(
                    'strong',
                    { class: question.answered ? 'badge answered' : 'badge open' },
                    question.answered ? t.answered : t.open,
                  ),
                ),
              ),
            ),
          ),
    );
    stopUpload?.();
    stopUpload = undefined;
    const open = questions
      .map((question, index) => ({ question, number: index + 1 }))
      .filter(({ question }) => !question.answered);
    if (open.length === 0) {
      formSlot.replaceChildren(questions.length > 0 ? h('p', { class: 'empty' }, t.allAnswered) : '');
      return;
    }
    const drawn = addendumForm(open, options, async () => {
      options.answers.clear();
      options.upload.reset();
      status.textContent = t.addendumSent;
      options.announce(t.addendumSent);
      await load();
      status.focus();
    });
    stopUpload = drawn.stop;
    formSlot.replaceChildren(drawn.element);
    if (focusForm) drawn.element.querySelector<HTMLElement>('textarea')?.focus();
  };
  refresh.addEventListener('click', () => void load());

  status.tabIndex = -1;
  root.append(
    h(
      'section',
      { class: 'op-section', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, t.questionsHeading),
      refresh,
      list,
      status,
      formSlot,
    ),
  );
  void load();
  return () => {
    stopped = true;
    stopUpload?.();
  };
}

function addendumForm(
  open: readonly { question: Question; number: number }[],
  options: FollowUpOptions,
  onSent: () => Promise<void>,
): { element: HTMLElement; stop: () => void } {
  const { t, answers } = options;
  const summary = errorSummary(4);
  const send = h('button', { type: 'submit', class: 'primary' }, t.sendAddendum);
  const result = h('p', { class: 'form-status', role: 'status' });
  const pdf = uploadField({
    key: 'pdf',
    label: t.addendumPdf,
    hint: t.reportPdfHint,
    slot: options.upload,
    t,
    announce: options.announce,
    onChange: (state) => {
      send.disabled = state.kind === 'uploading';
    },
  });
  const fields = open.map(({ question, number }) => {
    const field = textField({
      key: `answer:${question.questionId}`,
      label: t.answerTo(number),
      hint: question.question,
      t,
      value: answers.get(question.questionId) ?? '',
      multiline: true,
      maxLength: 5000,
      onInput: (value) => {
        answers.set(question.questionId, value);
      },
    });
    return field;
  });
  const headingId = uniqueId('op-section');
  const form = h(
    'form',
    { class: 'addendum-form', novalidate: true, 'aria-labelledby': headingId },
    h('h3', { id: headingId }, t.addendumHeading),
    h('p', { class: 'hint' }, t.addendumIntro),
    summary,
    group({ key: 'answers', legend: t.answers, t }, ...fields),
    pdf.element,
    h('div', { class: 'send-row' }, send, result),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (options.upload.state.kind === 'uploading') return;
    const built = buildAddendumBody(
      open.map(({ question }) => ({
        questionId: question.questionId,
        text: answers.get(question.questionId) ?? '',
      })),
      options.upload.state.kind === 'done' ? options.upload.state.uploadId : undefined,
    );
    const checked = check(addendumSchema, built, t);
    if (!checked.ok) {
      showIssues(
        form,
        summary,
        checked.issues.map((issue) =>
          issue.key === 'answers'
            ? { key: issue.key, message: t.answerAtLeastOne }
            : issue.key === 'pdf'
              ? { key: issue.key, message: t.uploadAddendumFirst }
              : issue,
        ),
        t,
      );
      return;
    }
    clearIssues(form, summary);
    send.disabled = true;
    result.textContent = t.sendingAddendum;
    try {
      await options.api.send<RelayAddendum>(
        'POST',
        `/relay/cases/${encodeURIComponent(options.caseId)}/addendum`,
        checked.data,
      );
      await onSent();
    } catch (error) {
      send.disabled = false;
      showServerIssues(form, summary, built.keys, error, t);
      result.textContent = t.addendumRefused(error instanceof ApiError ? error.message : String(error));
      result.dataset.kind = 'error';
    }
  });
  return { element: form, stop: pdf.stop };
}
