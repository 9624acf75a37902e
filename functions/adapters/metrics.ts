/**
 * Custom metrics as CloudWatch embedded metric format: one JSON line on stdout that
 * CloudWatch Logs turns into a metric. No dimensions but the service: never ids or PHI.
 */
export const METRICS_NAMESPACE = 'OncologySecondOpinion';
export const SERVICE = 'oncology-second-opinion';

export type CountMetric = 'ReportsOverdue';

export function countMetric(name: CountMetric, value = 1): void {
  console.log(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['service']],
            Metrics: [{ Name: name, Unit: 'Count' }],
          },
        ],
      },
      service: SERVICE,
      [name]: value,
    }),
  );
}
