import { beforeEach } from 'vitest';
import { resetClients } from '../../functions/adapters/aws-clients';
import { resetTranslator } from '../../functions/adapters/translator';

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

/**
 * Amazon Translate chosen as the deployed functions choose it (TRANSLATOR, the terminology's
 * name), on the fake environment above, before each test; the SDK client is mocked by the caller.
 */
export function useAmazonTranslateEnv(): void {
  beforeEach(() => {
    resetTranslator();
    process.env.TRANSLATOR = 'amazon-translate';
    process.env.TRANSLATE_TERMINOLOGY_NAME = 'oncology-en-zh';
    useFakeAwsEnv();
  });
}
