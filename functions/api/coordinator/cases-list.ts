import { audit } from '../../adapters/audit-log';
import { listCases } from '../../adapters/case-store';
import { listHospitals } from '../../adapters/hospital-directory';
import { caseListQuerySchema, decodeCursor, encodeCursor } from '../../core/case/list-query';
import { caseListRow } from '../../core/case/listing';
import { casesListResponse } from '../../core/responses/coordinator';
import { parseWith } from '../../core/validation';
import { route } from '../../http/route';

/**
 * The coordinator's list: open cases (or those of one status), overdue first, then those with
 * blocking gaps, then by deadline and creation; a page at a time from the list's indexes.
 */
export const handler = route(
  { auth: 'coordinator', response: casesListResponse },
  async ({ auth, event, now }) => {
    const query = parseWith(caseListQuerySchema, event.queryStringParameters ?? {}, 'query string');
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.status);
    const page = await listCases({ status: query.status, limit: query.limit, after });
    const names = new Map((await listHospitals()).map((hospital) => [hospital.hospitalId, hospital.name]));
    await audit({
      actor: auth.actor,
      action: 'case.list',
      outcome: 'allowed',
      counts: { cases: page.cases.length },
    });
    // Each row shows a case's status and cancer type: a read of that case, in its own trail.
    await Promise.all(
      page.cases.map(({ record }) =>
        audit({ caseId: record.caseId, actor: auth.actor, action: 'case.list', outcome: 'allowed' }),
      ),
    );
    return {
      statusCode: 200,
      body: {
        cases: page.cases.map((listed) =>
          caseListRow(listed.record, listed, names.get(listed.record.hospitalId ?? ''), now),
        ),
        ...(page.next ? { nextCursor: encodeCursor(page.next, query.status) } : {}),
      },
    };
  },
);
