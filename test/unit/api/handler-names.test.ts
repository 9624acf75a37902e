import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RouteDefinition, routes } from '../../../functions/contract';
import { functions } from '../../../infra/definitions';
import { files, root } from './source-files';

/** Verbs that name an action on a resource: the route's last segment, not repeated in the name. */
const actionVerbs = new Set(['submit', 'cancel', 'erase', 'waive', 'complete', 'rotate']);
/** Plural: ends in s, but not in ss or sis (access, diagnosis). */
const isPlural = (segment: string) => /s$/.test(segment) && !/(ss|sis)$/.test(segment);

/**
 * The README's rule: functions/api/<audience>/<resource>-<verb>.ts. The audience is the route's
 * auth; the resource is the path's static segments after the audience prefix (/patient, /relay),
 * {params} and a file extension dropped, joined with '-'; the verb is get (GET of one thing: a
 * {param} or a singular segment last), list (GET of a plural segment), create (POST), the action
 * (POST whose last segment is an action verb), update (PUT) or delete (DELETE).
 */
function handlerFile(route: Pick<RouteDefinition, 'method' | 'path' | 'auth'>): string {
  let segments = route.path.split('/').filter(Boolean);
  if (segments[0] === 'patient' || segments[0] === 'relay') segments = segments.slice(1);
  const last = segments.at(-1) ?? '';
  const resource = segments.filter((s) => !s.startsWith('{')).map((s) => s.replace(/\.[A-Za-z0-9]+$/, ''));
  const lastStatic = resource.at(-1) ?? '';
  const verb = {
    GET: last.startsWith('{') || !isPlural(lastStatic) ? 'get' : 'list',
    POST: !last.startsWith('{') && actionVerbs.has(lastStatic) ? resource.pop()! : 'create',
    PUT: 'update',
    DELETE: 'delete',
  }[route.method];
  return `functions/api/${route.auth}/${[...resource, verb].join('-')}.ts`;
}

describe('handler names', () => {
  it('follow the rule: each route is answered by the file its method, path and audience name', () => {
    const wrong = routes
      .filter((route) => functions[route.handler].entry !== handlerFile(route))
      .map(
        (route) =>
          `${route.method} ${route.path}: ${functions[route.handler].entry}, not ${handlerFile(route)}`,
      );
    expect(wrong).toEqual([]);
  });

  it('name examples as the README gives them', () => {
    expect(handlerFile({ method: 'POST', path: '/cases', auth: 'coordinator' })).toBe(
      'functions/api/coordinator/cases-create.ts',
    );
    expect(handlerFile({ method: 'GET', path: '/cases/{caseId}', auth: 'coordinator' })).toBe(
      'functions/api/coordinator/cases-get.ts',
    );
    expect(
      handlerFile({
        method: 'POST',
        path: '/cases/{caseId}/uploads/{uploadId}/complete',
        auth: 'coordinator',
      }),
    ).toBe('functions/api/coordinator/cases-uploads-complete.ts');
    expect(
      handlerFile({
        method: 'DELETE',
        path: '/hospitals/{hospitalId}/tokens/{tokenId}',
        auth: 'coordinator',
      }),
    ).toBe('functions/api/coordinator/hospitals-tokens-delete.ts');
    expect(handlerFile({ method: 'GET', path: '/patient/case', auth: 'patient' })).toBe(
      'functions/api/patient/case-get.ts',
    );
    expect(handlerFile({ method: 'GET', path: '/cases/{caseId}/diagnosis', auth: 'coordinator' })).toBe(
      'functions/api/coordinator/cases-diagnosis-get.ts',
    );
    expect(handlerFile({ method: 'GET', path: '/relay/cases/{caseId}/questions', auth: 'hospital' })).toBe(
      'functions/api/hospital/cases-questions-list.ts',
    );
    expect(handlerFile({ method: 'GET', path: '/relay/openapi.json', auth: 'public' })).toBe(
      'functions/api/public/openapi-get.ts',
    );
  });

  it('leave no file under functions/api/ that no route reaches, and give one handler one name', () => {
    const entries = new Set(routes.map((route) => functions[route.handler].entry));
    expect(files(join(root, 'functions/api')).filter((file) => !entries.has(file))).toEqual([]);
    const names = new Map<string, Set<string>>();
    for (const route of routes)
      names.set(route.handler, (names.get(route.handler) ?? new Set()).add(handlerFile(route)));
    expect([...names].filter(([, set]) => set.size > 1)).toEqual([]);
  });
});
