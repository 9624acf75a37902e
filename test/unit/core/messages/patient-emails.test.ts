import { describe, expect, it } from 'vitest';
import { reportDeadline } from '../../../../functions/core/business-days';
import * as patient from '../../../../functions/core/messages/patient';
import { patientLanguages } from '../../../../functions/core/patient-languages';

const deadline = reportDeadline(new Date('2027-03-01T01:00:00Z'), 5, 'Asia/Shanghai', 'CN');
const link = 'https://portal.example/upload#tok_abc';
const gaps = [
  { code: 'missing-imaging', message: 'Upload the imaging.' },
  {
    code: 'upload-rejected',
    params: {
      item: 'pathology report',
      itemKey: 'item.pathology-report',
      reason: 'The file is empty.',
      reasonKey: 'rejection.empty',
    },
    message:
      'Your upload for “pathology report” could not be accepted: The file is empty. Please upload it again.',
  },
  { message: 'The 2025 PET-CT is missing.' },
];

/** Each email, in a language, for the address given. */
const emails = (language: string) => ({
  uploadLink: patient.uploadLinkForPatient('p@x', language, link, 30),
  missingRecords: patient.missingRecordsForPatient('p@x', language, link, gaps),
  deadlineExtended: patient.deadlineExtendedForPatient('p@x', language, 2, deadline),
  addendum: patient.addendumForPatient('p@x', language),
  reportReady: patient.reportReadyForPatient('p@x', language, 'https://portal.example/'),
});

/** Letters of the language's own script, to tell a translation from English. */
const script: Record<string, RegExp> = {
  'zh-CN': /\p{Script=Han}/u,
  'zh-TW': /\p{Script=Han}/u,
  ru: /\p{Script=Cyrillic}/u,
  mn: /\p{Script=Cyrillic}/u,
  ar: /\p{Script=Arabic}/u,
  th: /\p{Script=Thai}/u,
};

describe('emails to the patient, in each of the languages', () => {
  const english = emails('en');

  it('are English alone for an English reader', () => {
    expect(english.uploadLink.text).toContain(link);
    expect(english.uploadLink.text).toContain('30 days');
    expect(english.uploadLink.text).not.toContain('English copy');
    expect(english.missingRecords.text).toContain('3 things are still needed');
    expect(english.missingRecords.text).toContain(
      '- Your upload for “pathology report” could not be accepted',
    );
    expect(english.missingRecords.text).toContain('- The 2025 PET-CT is missing.');
  });

  for (const { tag } of patientLanguages.filter((language) => language.tag !== 'en')) {
    it(`${tag}: subject and body in ${tag}, every argument filled, the English copy below`, () => {
      for (const [kind, email] of Object.entries(emails(tag))) {
        const copy = english[kind as keyof typeof english];
        expect(email.to).toBe('p@x');
        expect(email.subject, kind).not.toBe(copy.subject);
        expect(email.text.startsWith(copy.text), kind).toBe(false);
        // The English copy, whole, after the translation.
        expect(email.text.endsWith(`${copy.subject}\n\n${copy.text}`), kind).toBe(true);
        expect(email.text, kind).not.toMatch(/[{}]/);
        if (script[tag]) expect(email.subject, kind).toMatch(script[tag]!);
      }
      const own = emails(tag);
      const translatedPart = (text: string) => text.slice(0, text.indexOf('\n----------\n'));
      expect(translatedPart(own.uploadLink.text)).toContain(link);
      expect(translatedPart(own.reportReady.text)).toContain('https://portal.example/upload');
      expect(translatedPart(own.deadlineExtended.text)).toContain('Asia/Shanghai');
      // The gaps the server says by code are in the language; a coordinator's own stays as written.
      const list = translatedPart(own.missingRecords.text);
      expect(list).not.toContain('Upload the imaging.');
      expect(list).toContain('- The 2025 PET-CT is missing.');
      expect(list).not.toContain('The file is empty.');
    });
  }

  it('follow the case language as the page reads it (pt-BR, zh-Hant), English for a language without a catalogue', () => {
    expect(emails('pt-BR').reportReady.subject).toBe(emails('pt').reportReady.subject);
    expect(emails('zh-Hant-HK').addendum.subject).toBe(emails('zh-TW').addendum.subject);
    expect(emails('sw').reportReady).toEqual(english.reportReady);
  });

  it('write the new date the way the language writes dates', () => {
    expect(english.deadlineExtended.text).toContain('2 more working days');
    expect(emails('ru').deadlineExtended.text).toMatch(/\d{1,2} марта 2027/);
    expect(emails('ar').deadlineExtended.text).toMatch(/مارس/);
  });
});
