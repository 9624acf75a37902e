import { describe, expect, it } from 'vitest';
import { HOSPITAL_RATE } from '../../functions/adapters/rate-limiter';
import { useLocalBackend } from './harness';

describe('per-hospital rate limits', () => {
  const local = useLocalBackend('rate');

  it('answers 429 with Retry-After past 20 requests in a 2-second window, for that hospital only', async () => {
    const first = local.backend.endpoints.hospitals[0]!;
    const second = local.backend.endpoints.hospitals[1]!;
    const url = `${local.backend.endpoints.apiUrl}/relay/cases`;
    const call = (token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });
    // Start at the beginning of a window so the burst is not split across two.
    const windowMs = HOSPITAL_RATE.windowSeconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 20));
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => call(first.token).then((response) => response)),
    );
    const counts: Record<number, number> = {};
    for (const response of statuses) counts[response.status] = (counts[response.status] ?? 0) + 1;
    // All 30 normally land in one window (20 pass); on a slow machine a few may reach the next.
    expect(counts[200]).toBeGreaterThanOrEqual(HOSPITAL_RATE.limit);
    expect(counts[429]).toBeGreaterThanOrEqual(1);
    expect((counts[200] ?? 0) + (counts[429] ?? 0)).toBe(30);
    const limited = statuses.find((response) => response.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ error: { code: 'too_many_requests' } });
    // Another hospital is unaffected.
    expect((await call(second.token)).status).toBe(200);
    // A client polling at 5 requests a second stays well inside the limit.
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    for (let i = 0; i < 10; i += 1) {
      expect((await call(first.token)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 30_000);
});
