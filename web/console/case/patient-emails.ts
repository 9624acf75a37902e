import { act, h, messageRegion, section, showDone } from '../ui';
import { isCollecting, type SectionFactory } from './section';

interface Sent {
  readonly gapIds?: readonly string[];
}

/**
 * Emails to the patient while records are collected, in the patient's language with an English
 * copy (POST /cases/{id}/patient-emails): every open gap, or a new personal link alone.
 */
export const patientEmailSection: SectionFactory = ({ ctx, t, caseId }) => ({
  column: 'main',
  key: (view) => JSON.stringify([isCollecting(view), view.gaps.length > 0]),
  draw: (view) => {
    if (!isCollecting(view)) return null;
    const region = messageRegion();
    const send = (kind: 'missing-records' | 'upload-link', button: HTMLButtonElement) =>
      act(button, region, t, () =>
        ctx.api.send<Sent>('POST', `/cases/${encodeURIComponent(caseId)}/patient-emails`, { kind }),
      ).then((sent) => {
        if (!sent) return;
        const done = kind === 'missing-records' ? t.emailedMissing(sent.gapIds?.length ?? 0) : t.emailedLink;
        showDone(region, done);
        ctx.announce(done);
      });
    const missing: HTMLButtonElement = h(
      'button',
      { type: 'button', onclick: () => void send('missing-records', missing) },
      t.emailMissing,
    );
    const link: HTMLButtonElement = h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => void send('upload-link', link) },
      t.emailNewLink,
    );
    return section(
      'patient-emails',
      t.patientEmailHeading,
      h('p', { class: 'hint' }, t.patientEmailIntro),
      h('div', { class: 'actions' }, view.gaps.length > 0 ? missing : null, link),
      region,
    );
  },
});
