import { latestTodayAnywhere } from '../../core/dates';
import { imagingShipmentSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { updateCollectingCase } from '../../services/case-updates';

/** The patient sends the imaging disc by courier instead of uploading it. */
export const handler = route(
  { auth: 'patient', body: () => imagingShipmentSchema(latestTodayAnywhere()) },
  async ({ auth, body, now }) => {
    const imagingShipment = { ...body, recordedAt: now.toISOString() };
    await updateCollectingCase(auth.caseId, {
      actor: auth.actor,
      action: 'imaging-shipment.record',
      refusal: 'The shipment can no longer be recorded: the case was submitted.',
      decide: () => ({ imagingShipment }),
      timeline: () => ({
        type: 'imaging-shipped',
        detail: `The patient sent the imaging disc by ${body.carrier} (tracking ${body.trackingNumber}).`,
      }),
    });
    return { statusCode: 200, body: { imagingShipment } };
  },
);
