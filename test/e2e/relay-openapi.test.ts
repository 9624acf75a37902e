import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/contract';
import { relayContract } from '../../functions/http/relay-contract';
import { useLocalBackend } from './harness';

describe('the relay OpenAPI document, against the live routes', () => {
  const local = useLocalBackend('openapi');

  it('is served without a token and lists exactly the hospital routes, paths written in full', async () => {
    const response = await fetch(`${local.backend.endpoints.apiUrl}/relay/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const live = routes
      .filter((route) => route.auth === 'hospital')
      .map((route) => `${route.method} ${route.path}`);
    expect(documented.sort()).toEqual(live.sort());
    expect(Object.keys(document.paths)).toContain('/relay/cases/{caseId}/package');
    // Every documented operation exists on the live gateway: without a token it answers 401, not 404.
    for (const operation of documented) {
      const [method, path] = operation.split(' ') as [string, string];
      const live = await fetch(
        `${local.backend.endpoints.apiUrl}${path.replace('{caseId}', 'case_doesnotexist00000')}`,
        { method },
      );
      expect({ operation, status: live.status }).toEqual({ operation, status: 401 });
    }
  });

  it('describes what the handlers really return (live responses parse with the documented schemas)', async () => {
    const { caseId, hospital } = await local.deliveredCase({ fullName: 'Contract Case' });
    const list = (await local.api.call('GET', '/relay/cases', hospital.token)).body;
    expect(relayContract.relayCasesList!.response.safeParse(list).success).toBe(true);
    const pkg = await local.api.call('GET', `/relay/cases/${caseId}/package`, hospital.token);
    expect(relayContract.relayPackageGet!.response.safeParse(pkg.body).error).toBeUndefined();
    const receipt = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, {
      complete: true,
    });
    expect(relayContract.relayReceipt!.response.safeParse(receipt.body).error).toBeUndefined();
    const specialist = await local.api.call('POST', `/relay/cases/${caseId}/specialist`, hospital.token, {
      name: 'Dr. A',
      department: 'Oncology',
    });
    expect(relayContract.relaySpecialist!.response.safeParse(specialist.body).error).toBeUndefined();
    const upload = await local.api.call('POST', `/relay/cases/${caseId}/report-uploads`, hospital.token, {
      fileName: 'opinion.pdf',
      contentType: 'application/pdf',
      size: 100,
    });
    expect(relayContract.relayReportUploadsCreate!.response.safeParse(upload.body).error).toBeUndefined();
  }, 60_000);
});
