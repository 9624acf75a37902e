import { afterEach, describe, expect, it, vi } from 'vitest';
import { countMetric } from '../../../functions/adapters/metrics';

describe('custom metrics (embedded metric format)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one EMF line with the service as its only dimension', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    countMetric('ReportsOverdue');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(record).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'OncologySecondOpinion',
            Dimensions: [['service']],
            Metrics: [{ Name: 'ReportsOverdue', Unit: 'Count' }],
          },
        ],
      },
      service: 'oncology-second-opinion',
      ReportsOverdue: 1,
    });
    expect(Object.keys(record).sort()).toEqual(['ReportsOverdue', '_aws', 'service']);
  });
});
