import { describe, expect, it } from 'vitest';
import { reportDeadline } from '../../../../functions/core/business-days';
import * as coordinator from '../../../../functions/core/messages/coordinator';
import * as hospital from '../../../../functions/core/messages/hospital';
import * as patient from '../../../../functions/core/messages/patient';

const deadline = reportDeadline(new Date('2027-03-01T01:00:00Z'), 5, 'Asia/Shanghai', 'CN');
const caseId = 'case_aaaaaaaaaaaa';

describe('messages by audience', () => {
  it('address the recipient given and name the case by id (never patient details)', () => {
    const staff = [
      coordinator.deadlineExtendedForCoordinator(
        'c@x',
        caseId,
        'H',
        { businessDays: 2, reason: 'Board.' },
        deadline,
      ),
      coordinator.divergenceForCoordinator('c@x', caseId, [
        { kind: 'staging' },
        { kind: 'recommended-path' },
      ]),
      coordinator.postReportCallForCoordinator('c@x', caseId),
      coordinator.translationOutageForCoordinator('c@x', caseId),
      coordinator.quarantineForCoordinator('c@x', caseId, 'doc_1', 'THREATS_FOUND'),
      coordinator.uploadLinkReusedForCoordinator('c@x', caseId, 'doc_1', 'accepted'),
      coordinator.waitingTooLongForCoordinator('c@x', caseId, 'the hospital to confirm receipt'),
      coordinator.undeliveredForCoordinator('c@x', caseId, 'patient-report-1', 'Bounce'),
      hospital.packageDeliveredForHospital('h@x', caseId, 4),
      hospital.receiptReminderForHospital('h@x', caseId, 'the hospital to confirm receipt'),
      hospital.clinicianCallForHospital('h@x', caseId, 'Tuesday'),
      hospital.followUpQuestionForHospital('h@x', caseId, 1, 3),
    ];
    for (const message of staff) {
      expect(message.subject).toContain(caseId);
      expect(message.text).toContain(caseId);
    }
    expect(staff[1]?.text).toContain('staging and recommended-path');
    expect(staff[11]?.text).toContain('question 1 of 3');
  });

  it('tell the patient in plain words, with the new date or the link', () => {
    const extended = patient.deadlineExtendedForPatient('p@x', 'en', 2, deadline);
    expect(extended).toMatchObject({ to: 'p@x', subject: 'Your second opinion: a new expected date' });
    expect(extended.text).toContain('2 more working days');
    expect(extended.text).toContain('by the end of Monday 8 March 2027 (Asia/Shanghai time)');
    expect(patient.deadlineExtendedForPatient('p@x', 'en-GB', 1, deadline).text).toContain(
      '1 more working day ',
    );
    expect(patient.reportReadyForPatient('p@x', 'en', 'https://portal.example/').text).toContain(
      'https://portal.example/upload',
    );
    expect(patient.addendumForPatient('p@x', undefined).text).toContain('written addendum');
  });
});
