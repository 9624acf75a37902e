import { audit } from '../../adapters/audit-log';
import { listCasesForHospital } from '../../adapters/case-store';
import { hospitalInboxRow } from '../../core/case/views';
import { relayCasesListResponse } from '../../core/responses/relay';
import { route } from '../../http/route';
import { hospitalMaySee } from '../../services/case-access';

export const handler = route(
  { auth: 'hospital', response: relayCasesListResponse },
  async ({ auth, now }) => {
    const records = (await listCasesForHospital(auth.hospitalId)).filter((record) =>
      hospitalMaySee(record, auth.hospitalId),
    );
    await audit({ actor: auth.actor, action: 'relay.list', outcome: 'allowed' });
    return {
      statusCode: 200,
      body: {
        cases: records.map((record) => hospitalInboxRow(record, now)),
      },
    };
  },
);
