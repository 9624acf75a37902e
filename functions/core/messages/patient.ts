import type { Deadline } from '../business-days';
import { readableDate } from '../deadline-tracking';
import { MessageCatalogue, type MessageValues } from '../message-catalogue';
import { type PatientLanguageTag, patientLanguageOf } from '../patient-languages';
import { serverCatalogues } from '../server-catalogues';
import { formatServerMessage, type MessageParams } from '../server-messages';
import type { Notification } from './notification';
import { emailCatalogues, emailSource } from './patient-email-catalogues';

/**
 * What the patient is told by email: plain words, no clinical detail, in the patient's language
 * (the case's `language`, read as `patientLanguageOf` reads it), with an English copy below for
 * the coordinators when that language is not English. The words are in locales/email.
 */

type EmailKey = keyof typeof emailSource;
type KindOf<Key> = Key extends `${infer Kind}.subject` ? Kind : never;
/** An email to the patient: `<kind>.subject` and `<kind>.body` in locales/email. */
type EmailKind = KindOf<EmailKey>;

/** A message's arguments, worked out for each language (a date or a list is written per language). */
type ParamsFor = (language: PatientLanguageTag) => MessageValues;

/** `more`: paragraphs (keys of locales/email) that follow the body, in both languages. */
function patientEmail(
  to: string,
  language: string | undefined,
  kind: EmailKind,
  params: ParamsFor,
  more: readonly EmailKey[] = [],
): Notification {
  const tag = patientLanguageOf(language).tag as PatientLanguageTag;
  const say = (catalogue: MessageCatalogue, values: MessageValues) => ({
    subject: catalogue.format(`${kind}.subject`, values),
    text: [`${kind}.body`, ...more].map((key) => catalogue.format(key, values)).join('\n\n'),
  });
  const source = new MessageCatalogue('en', emailSource, emailSource);
  const english = say(source, params('en'));
  if (tag === 'en') return { to, ...english };
  const own = new MessageCatalogue(tag, emailCatalogues[tag], emailSource);
  const translated = say(own, params(tag));
  // The copy's heading in both languages: the patient sees why it is there, the coordinator finds it.
  const heading = `${own.format('englishCopy')}\n${source.format('englishCopy')}`;
  return {
    to,
    subject: translated.subject,
    text: `${translated.text}\n\n----------\n${heading}\n\n${english.subject}\n\n${english.text}`,
  };
}

/** A day (YYYY-MM-DD, a calendar day, no zone) written the way the language writes dates. */
function dayIn(language: PatientLanguageTag, day: string): string {
  if (language === 'en') return readableDate(day);
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** The patient's page, where a personal link opens. */
const patientPageUrl = (patientPortalUrl: string) => `${patientPortalUrl.replace(/\/$/, '')}/upload`;

/** The patient's personal link: the token travels in the fragment, which browsers never send to a server. */
export function patientLinkUrl(patientPortalUrl: string, token: string): string {
  return `${patientPageUrl(patientPortalUrl)}#${token}`;
}

/** The personal link, right after the case is opened; it works for `days` days. */
export function uploadLinkForPatient(
  to: string,
  language: string | undefined,
  link: string,
  days: number,
): Notification {
  return patientEmail(to, language, 'uploadLink', () => ({ link, days }));
}

/** A gap as the server says it (its code and parameters), for the missing-records email. */
export interface GapToSay {
  readonly code?: string;
  readonly params?: MessageParams;
  readonly message: string;
}

/** What is still missing before the case can go to the hospital, each gap in the patient's words. */
export function missingRecordsForPatient(
  to: string,
  language: string | undefined,
  link: string,
  gaps: readonly GapToSay[],
): Notification {
  return patientEmail(to, language, 'missingRecords', (tag) => {
    const server = new MessageCatalogue(tag, serverCatalogues[tag], serverCatalogues.en);
    const lines = gaps.map(
      (gap) =>
        `- ${gap.code ? formatServerMessage(server, `gap.${gap.code}`, gap.params, gap.message) : gap.message}`,
    );
    return { link, count: gaps.length, list: lines.join('\n') };
  });
}

export function deadlineExtendedForPatient(
  to: string,
  language: string | undefined,
  businessDays: number,
  deadline: Deadline,
): Notification {
  return patientEmail(to, language, 'deadlineExtended', (tag) => ({
    days: businessDays,
    date: dayIn(tag, deadline.dueOn),
    timeZone: deadline.timeZone,
  }));
}

/** A strategy call as its emails tell it: the time in the visitor's own zone, the link, the reference. */
export interface CallToTell {
  readonly start: string;
  readonly timeZone: string;
  readonly link: string;
  readonly reference: string;
}

const callValues = (call: CallToTell) => (tag: PatientLanguageTag) => ({
  time: new Intl.DateTimeFormat(tag, {
    timeZone: call.timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(call.start)),
  zone: call.timeZone,
  link: call.link,
  reference: call.reference,
});

const withInvitation = (message: Notification, invitation: string): Notification => ({
  ...message,
  attachments: [
    {
      fileName: 'strategy-call.ics',
      contentType: `text/calendar; method=${/^METHOD:CANCEL/m.test(invitation) ? 'CANCEL' : 'REQUEST'}; charset=utf-8`,
      content: invitation,
    },
  ],
});

/**
 * The strategy call confirmed, to the visitor, in their language (and English): when, in their
 * own time zone where the page told us it (UTC otherwise), the meeting link, the booking's
 * reference and the visitor's personal link to move or cancel it; the iCalendar invitation
 * rides along (`invitation`).
 */
export function callConfirmedForVisitor(
  to: string,
  language: string,
  call: CallToTell & { readonly manage: string },
  invitation: string,
): Notification {
  const message = patientEmail(
    to,
    language,
    'callConfirmed',
    (tag) => ({ ...callValues(call)(tag), manage: call.manage }),
    ['callConfirmed.manage'],
  );
  return withInvitation(message, invitation);
}

/** The confirmed call moved to another time, with the updated invitation (same UID, next sequence). */
export function callMovedForVisitor(
  to: string,
  language: string,
  call: CallToTell,
  invitation: string,
): Notification {
  return withInvitation(patientEmail(to, language, 'callMoved', callValues(call)), invitation);
}

/**
 * The confirmed call cancelled: whether the payment comes back (`refund`, the amount as the
 * language writes it) or not, the booking page to choose another time, and the invitation's
 * cancellation so calendars drop the event.
 */
export function callCancelledForVisitor(
  to: string,
  language: string,
  call: CallToTell & { readonly bookingPage: string; readonly refund?: (tag: PatientLanguageTag) => string },
  invitation: string,
): Notification {
  const message = patientEmail(to, language, 'callCancelled', (tag) => {
    const own = new MessageCatalogue(tag, emailCatalogues[tag], emailSource);
    return {
      ...callValues(call)(tag),
      bookingPage: call.bookingPage,
      refund: call.refund
        ? own.format('callCancelled.refunded', { amount: call.refund(tag) })
        : own.format('callCancelled.notRefunded'),
    };
  });
  return withInvitation(message, invitation);
}

/** The reminder a day (`day`) or an hour (`hour`) before the call. */
export function callReminderForVisitor(
  to: string,
  language: string,
  call: CallToTell,
  ahead: 'day' | 'hour',
): Notification {
  return patientEmail(
    to,
    language,
    ahead === 'day' ? 'callReminderDay' : 'callReminderHour',
    callValues(call),
  );
}

export function addendumForPatient(to: string, language: string | undefined): Notification {
  return patientEmail(to, language, 'addendum', () => ({}));
}

export function reportReadyForPatient(
  to: string,
  language: string | undefined,
  patientPortalUrl: string,
): Notification {
  return patientEmail(to, language, 'reportReady', () => ({ link: patientPageUrl(patientPortalUrl) }));
}
