/**
 * The names the runtime and its deployment share, owned by the runtime: tables and their keys,
 * buckets, environment variable names, routes with their auth, the workflow's placeholders,
 * package assets and the function keys. infra/ (CDK) and scripts/local/ import them from here;
 * what only a deployment needs (entries, grants, memory, timeouts, throttle figures) stays in
 * infra/definitions.ts. Plain data only: no aws-cdk-lib, no SDK.
 */
export * from './assets';
export * from './buckets';
export * from './env';
export * from './functions';
export * from './routes';
export * from './sign-in';
export * from './tables';
export * from './workflow';
