import { addTimelineEvent, claimOnce } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { notifyOnce } from '../adapters/notifier';
import { setting } from '../adapters/settings';
import { translateFreeTextOrKeep } from '../adapters/translator';
import { translationOutageForCoordinator } from '../core/messages/coordinator';

/**
 * Amazon Translate stayed unavailable through every retry while a package was built: the package
 * goes with English originals (each file says so), and the coordinator learns it once per
 * submission, with what to do: resubmit for machine drafts once the service is back.
 */
async function reportTranslationOutage(caseId: string, submission: number): Promise<void> {
  logger.warn('translation unavailable', { caseId, submission });
  if (await claimOnce(caseId, `translation-unavailable:${submission}`)) {
    await addTimelineEvent(
      caseId,
      'translation-unavailable',
      'Amazon Translate was unavailable: the package went with English originals, each marked as not translated.',
    );
  }
  await notifyOnce(
    caseId,
    `translation-unavailable-${submission}`,
    translationOutageForCoordinator(setting('coordinatorEmail'), caseId),
  );
}

/** Free text of the package in Chinese, or kept in English through an outage (reported as above). */
export async function translateForPackage(caseId: string, submission: number, text: string) {
  const translation = await translateFreeTextOrKeep(text);
  if (translation.unavailable) await reportTranslationOutage(caseId, submission);
  return translation;
}
