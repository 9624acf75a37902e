import type { CaseView } from '../api-types';
import { formatDay, formatInstant, type Messages } from '../i18n';
import { facts, h, section, statusBadge } from '../ui';
import type { SectionFactory } from './section';

/** Who the patient is, what they ask, where the case stands. */
export const overviewSection: SectionFactory = ({ ctx, t, hospitalName }) => ({
  column: 'main',
  key: (view) =>
    JSON.stringify([
      view.status,
      view.patient,
      view.question,
      view.expedited,
      view.hospitalId,
      view.thirdReviewOf,
      view.thirdReviewCaseId,
      view.undeliveredNotifications,
      view.specialist,
      view.deadline?.expectedDate,
      view.deadline?.businessDaysLeft,
      view.plainLanguageSummary !== undefined,
      view.gaps.some((gap) => gap.severity === 'blocking'),
    ]),
  draw: (view) =>
    section(
      'overview',
      t.overviewHeading,
      facts([
        [t.statusLabel, statusBadge(ctx.lang, view.status)],
        [t.cancerType, t.cancerTypes[view.cancerType] ?? view.cancerType],
        [t.patient, `${view.patient.fullName} · ${view.patient.email}`],
        [t.born, formatDay(ctx.lang, view.patient.dateOfBirth)],
        [t.country, view.patient.country],
        [t.language, view.patient.language],
        [t.expedited, view.expedited ? t.yes : t.no],
        [t.hospital, view.hospitalId ? hospitalName(view.hospitalId) : t.noHospital],
        [
          t.specialist,
          view.specialist ? `${view.specialist.name} (${view.specialist.department})` : undefined,
        ],
        // The deadline again at the top, for a screen where the side column comes last.
        [t.expectedDate, view.deadline ? formatDay(ctx.lang, view.deadline.expectedDate) : undefined],
        [t.daysLeft, view.deadline ? String(view.deadline.businessDaysLeft) : undefined],
        [t.createdAt, formatInstant(ctx.lang, view.createdAt)],
        [t.thirdReviewOf, view.thirdReviewOf ? caseLink(view.thirdReviewOf) : undefined],
        [t.thirdReviewOpened, view.thirdReviewCaseId ? caseLink(view.thirdReviewCaseId) : undefined],
      ]),
      nextStep(t, view),
      h('h3', {}, t.question),
      h('p', { class: 'question' }, view.question),
      view.undeliveredNotifications
        ? h(
            'div',
            { class: 'notice bad' },
            h('h3', {}, t.undelivered),
            h(
              'ul',
              {},
              view.undeliveredNotifications.map((entry) =>
                h('li', {}, `${entry.notification}: ${entry.kind} (${formatInstant(ctx.lang, entry.at)})`),
              ),
            ),
          )
        : null,
    ),
});

/**
 * What the case needs from a coordinator now, with a button that takes the keyboard there: on a
 * long page (and on a tablet's single column) the next action may be far below.
 */
function nextStep(t: Messages, view: CaseView): HTMLElement | null {
  const blocked = view.gaps.some((gap) => gap.severity === 'blocking');
  const step: { label: string; target: string } | string | undefined =
    view.status === 'collecting' && blocked
      ? { label: t.nextGaps, target: 'gaps' }
      : view.status === 'ready'
        ? { label: t.nextSubmit, target: 'hospital' }
        : view.status === 'awaiting-summary' && !view.plainLanguageSummary
          ? { label: t.nextSummary, target: 'summary' }
          : view.status === 'awaiting-receipt'
            ? t.waitingReceipt
            : view.status === 'under-review' || view.status === 'overdue'
              ? t.waitingReport
              : view.status === 'routing' || view.status === 'awaiting-certified-translation'
                ? t.waitingWorkflow
                : undefined;
  if (step === undefined) return null;
  if (typeof step === 'string')
    return h('p', { class: 'next-step' }, h('strong', {}, `${t.nextStep}: `), step);
  const go = () => {
    const target = document.getElementById(step.target);
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    const control = target.querySelector<HTMLElement>('textarea, input, select, button');
    (control ?? target.querySelector<HTMLElement>('h2'))?.focus({ preventScroll: true });
  };
  return h(
    'p',
    { class: 'next-step' },
    h('strong', {}, `${t.nextStep}: `),
    h(
      'button',
      { type: 'button', class: 'secondary small', 'data-key': 'next-step', onclick: go },
      step.label,
    ),
  );
}

const caseLink = (caseId: string) => h('a', { href: `#/cases/${encodeURIComponent(caseId)}` }, caseId);

/** The report deadline: the expected date, business days left, reminders sent, extensions. */
export const deadlineSection: SectionFactory = ({ ctx, t }) => ({
  column: 'side',
  key: (view) => JSON.stringify(view.deadline ?? null),
  draw: (view) => {
    const deadline = view.deadline;
    if (!deadline) return section('deadline', t.deadlineHeading, h('p', { class: 'empty' }, t.noDeadline));
    return section(
      'deadline',
      t.deadlineHeading,
      h(
        'div',
        { class: 'deadline-figures' },
        h(
          'p',
          { class: 'figure' },
          h('span', { class: 'figure-label' }, t.expectedDate),
          h(
            'span',
            { class: 'figure-value', 'data-field': 'expected-date' },
            formatDay(ctx.lang, deadline.expectedDate),
          ),
        ),
        h(
          'p',
          { class: 'figure' },
          h('span', { class: 'figure-label' }, t.daysLeft),
          h('span', { class: 'figure-value', 'data-field': 'days-left' }, String(deadline.businessDaysLeft)),
        ),
      ),
      facts([
        [t.receivedOn, formatDay(ctx.lang, deadline.receivedOn)],
        [t.turnaroundLabel, t.turnaround(deadline.businessDays, deadline.timeZone)],
      ]),
      deadline.provisional ? h('p', { class: 'notice warn' }, t.provisional) : null,
      'warning' in deadline && deadline.warning ? h('p', { class: 'notice warn' }, deadline.warning) : null,
      h('h3', {}, t.reminders),
      deadline.reminders.length === 0
        ? h('p', { class: 'empty' }, t.noReminders)
        : h(
            'ul',
            { class: 'plain' },
            deadline.reminders.map((reminder) =>
              h(
                'li',
                {},
                `${t.reminderKind[reminder.kind] ?? reminder.kind}${reminder.followUp ? ` ${t.followUpNumber(reminder.followUp)}` : ''}: ${formatInstant(ctx.lang, reminder.sentAt)}`,
              ),
            ),
          ),
      deadline.extensions.length > 0
        ? h(
            'div',
            {},
            h('h3', {}, t.extensions),
            h(
              'ul',
              { class: 'plain' },
              deadline.extensions.map((extension) =>
                h(
                  'li',
                  {},
                  t.extension(
                    extension.businessDays,
                    formatDay(ctx.lang, extension.previousDueOn),
                    formatDay(ctx.lang, extension.dueOn),
                  ),
                  'reason' in extension && extension.reason
                    ? h('p', { class: 'quote' }, extension.reason)
                    : null,
                ),
              ),
            ),
          )
        : null,
    );
  },
});

export const consentSection: SectionFactory = ({ ctx, t, hospitalName }) => ({
  column: 'side',
  key: (view) => JSON.stringify(view.consent ?? null),
  draw: (view) =>
    section(
      'consent',
      t.consentHeading,
      h(
        'p',
        { 'data-field': 'consent' },
        view.consent
          ? t.consentGiven(hospitalName(view.consent.hospitalId), formatInstant(ctx.lang, view.consent.at))
          : t.consentMissing,
      ),
    ),
});

/** Every step of the case, newest first: what a coordinator checks first is what happened last. */
export const timelineSection: SectionFactory = ({ ctx, t }) => ({
  column: 'side',
  key: (view) => JSON.stringify(view.timeline),
  draw: (view) =>
    section(
      'timeline',
      t.timelineHeading,
      h(
        'ol',
        { class: 'timeline', reversed: true },
        [...view.timeline]
          .reverse()
          .map((event) =>
            h(
              'li',
              { 'data-type': event.type },
              h('time', { datetime: event.at }, formatInstant(ctx.lang, event.at)),
              h('span', {}, event.detail),
            ),
          ),
      ),
    ),
});
