import { audit } from '../../adapters/audit-log';
import { listOpenCaseSummaries, turnaroundsSince } from '../../adapters/case-store';
import { listHospitals } from '../../adapters/hospital-directory';
import { dashboard } from '../../core/dashboard';
import { dashboardResponse } from '../../core/responses/coordinator';
import { turnaroundWindowStart } from '../../core/turnaround';
import { route } from '../../http/route';

/**
 * What the console's charts draw: open cases by stage, the overdue ones, and each hospital's
 * promised turnaround beside the one measured over the last 90 days. Queries only: the open
 * statuses' partitions of the case-list index and each hospital's turnaround entries.
 */
export const handler = route({ auth: 'coordinator', response: dashboardResponse }, async ({ auth, now }) => {
  const since = turnaroundWindowStart(now);
  const [open, hospitals] = await Promise.all([listOpenCaseSummaries(), listHospitals()]);
  const reports = new Map(
    await Promise.all(
      hospitals.map(
        async (hospital) =>
          [hospital.hospitalId, await turnaroundsSince(hospital.hospitalId, since)] as const,
      ),
    ),
  );
  const body = dashboard({ open, hospitals, reports, now });
  await audit({
    actor: auth.actor,
    action: 'dashboard.read',
    outcome: 'allowed',
    counts: { openCases: body.openCases, overdue: body.overdue.length },
  });
  // The overdue list names cases: a read of each, in its own trail.
  await Promise.all(
    body.overdue.map(({ caseId }) =>
      audit({ caseId, actor: auth.actor, action: 'dashboard.overdue', outcome: 'allowed' }),
    ),
  );
  return { statusCode: 200, body };
});
