import { latestTurnarounds } from '../../adapters/case-store';
import { listHospitals } from '../../adapters/hospital-directory';
import { matchHospitals } from '../../core/matching';
import { hospitalMatchesResponse } from '../../core/responses/coordinator';
import { RECENT_REPORTS } from '../../core/turnaround';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';

export const handler = route(
  { auth: 'coordinator', response: hospitalMatchesResponse },
  async ({ auth, params }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'case.hospital-matches');
    const hospitals = await listHospitals();
    // Only the hospitals that can be listed: those reviewing the case's cancer type.
    const recentReports = new Map(
      await Promise.all(
        hospitals
          .filter((hospital) => hospital.cancerTypes.includes(record.cancerType))
          .map(
            async (hospital) =>
              [hospital.hospitalId, await latestTurnarounds(hospital.hospitalId, RECENT_REPORTS)] as const,
          ),
      ),
    );
    return { statusCode: 200, body: { matches: matchHospitals(record, hospitals, recentReports) } };
  },
);
