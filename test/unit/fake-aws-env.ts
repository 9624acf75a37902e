import { resetClients } from '../../functions/adapters/aws-clients';

/**
 * A region and dummy credentials for tests that mock the AWS clients, with the shared clients
 * rebuilt. Never a real account: a request that escaped a mock would fail to sign, not reach AWS.
 */
export function useFakeAwsEnv(): void {
  resetClients();
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
}
