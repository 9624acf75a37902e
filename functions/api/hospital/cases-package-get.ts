import { parsePackageQuery } from '../../core/package/package-read';
import { relayPackageResponse } from '../../core/responses/relay';
import { route } from '../../http/route';
import { readPackage } from '../../services/package-read';

/**
 * The package with short-lived links: all files, or those `files=<id>,<id>` names; `purpose`
 * (summary, view, download, viewer, file) is named in the audit trail with the reader.
 */
export const handler = route(
  { auth: 'hospital', response: relayPackageResponse },
  async ({ auth, params, event, now }) => {
    const query = parsePackageQuery(event.queryStringParameters ?? {});
    return { statusCode: 200, body: await readPackage(auth, params.caseId ?? '', query, now) };
  },
);
