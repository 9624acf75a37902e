import { type BucketName, buckets, type TableName, tables, workflow } from '../../infra/definitions';

/** Read configuration when it is used, not at import, so one process can host many handlers. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

export const tableName = (table: TableName): string => requireEnv(tables[table].envVar);
export const bucketName = (bucket: BucketName): string => requireEnv(buckets[bucket].envVar);
export const workflowArn = (): string => requireEnv(workflow.envVar);
