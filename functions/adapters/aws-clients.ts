import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type BucketName, buckets } from '../contract';
import { setting } from './settings';

/**
 * Clients are created once per container and reused. Endpoints come from the SDK's own
 * environment variables (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SFN),
 * so the handlers never know whether they run in Lambda or beside the local emulators.
 */
let documentClient: DynamoDBDocumentClient | undefined;
const s3Clients = new Map<string, S3Client>();
let sfnClient: SFNClient | undefined;
let sesClient: SESv2Client | undefined;
let secretsClient: SecretsManagerClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

/**
 * The S3 client for a bucket's region: the relay bucket lives in the relay region (its own
 * stack), so its presigned URLs, copies into it and deletes go to that region's endpoint.
 * Without a bucket, or with no relay region set, the function's own region.
 */
export function s3(bucket?: BucketName): S3Client {
  const relayRegion = setting('relayRegion');
  const region = bucket && buckets[bucket].placement === 'relay' && relayRegion ? relayRegion : '';
  let client = s3Clients.get(region);
  if (!client) {
    client = new S3Client({
      ...(region ? { region } : {}),
      forcePathStyle: setting('s3ForcePathStyle'),
      // Presigned URLs must not carry checksum parameters the patient's client cannot compute.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    s3Clients.set(region, client);
  }
  return client;
}

export function sfn(): SFNClient {
  sfnClient ??= new SFNClient({});
  return sfnClient;
}

export function ses(): SESv2Client {
  sesClient ??= new SESv2Client({});
  return sesClient;
}

export function secretsManager(): SecretsManagerClient {
  secretsClient ??= new SecretsManagerClient({});
  return secretsClient;
}

/** For tests that swap endpoints between runs in one process. */
export function resetClients(): void {
  documentClient = undefined;
  s3Clients.clear();
  sfnClient = undefined;
  sesClient = undefined;
  secretsClient = undefined;
}
