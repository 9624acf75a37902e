import { presignDownload } from '../../adapters/record-store';
import { relayFileDownload } from '../../core/download-headers';
import { relayPackageResponse } from '../../core/responses/relay';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

export const handler = route(
  { auth: 'hospital', response: relayPackageResponse },
  async ({ auth, params }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.package');
    const files = [];
    for (const file of record.relayFiles ?? []) {
      const { url, expiresAt } = await presignDownload('relay', file.key, relayFileDownload(file));
      await auditAction(record.caseId, auth.actor, 'relay.file-url', file.fileId);
      files.push({
        fileId: file.fileId,
        fileName: file.fileName,
        category: file.category,
        ...(file.translation ? { translation: file.translation } : {}),
        size: file.size,
        sha256: file.sha256,
        url,
        expiresAt,
      });
    }
    return { statusCode: 200, body: { caseId: record.caseId, files } };
  },
);
