import { listAvailability, putAvailability } from '../../functions/adapters/booking-store';
import type { Availability } from '../../functions/core/booking/availability';
import { subjectFor } from './oidc-provider';

const weekdays = (hours: Availability['weekly']['monday']) => ({
  monday: hours,
  tuesday: hours,
  wednesday: hours,
  thursday: hours,
  friday: hours,
});

/**
 * The sample coordinators' call hours, so the local booking page has free times: one in
 * Nairobi, one in London (whose daylight-saving change moves its slots in UTC). Written only
 * when a coordinator has none: hours a coordinator set (PUT /availability) are kept.
 */
const samples: readonly { email: string; availability: Availability }[] = [
  {
    email: 'coordinator.one@local.example',
    availability: {
      timeZone: 'Africa/Nairobi',
      weekly: weekdays([
        { from: '09:00', to: '12:00' },
        { from: '14:00', to: '16:00' },
      ]),
      exceptions: [],
    },
  },
  {
    email: 'coordinator.two@local.example',
    availability: {
      timeZone: 'Europe/London',
      weekly: weekdays([{ from: '10:00', to: '13:00' }]),
      exceptions: [],
    },
  },
];

export async function seedSampleAvailability(at: string): Promise<void> {
  const existing = new Set((await listAvailability()).map((entry) => entry.coordinatorId));
  for (const sample of samples) {
    const coordinatorId = subjectFor(sample.email);
    if (!existing.has(coordinatorId)) await putAvailability(coordinatorId, sample.availability, at);
  }
}
