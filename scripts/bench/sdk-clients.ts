import type { Metafile } from 'esbuild';
import type { FunctionDefinition } from '../../infra/definitions';

/**
 * Which AWS SDK client each SDK package is, for reading a bundle's esbuild metafile. The
 * presigner signs S3 requests, and the document client wraps DynamoDB's, so they count as those.
 */
const clientOfPackage = {
  '@aws-sdk/client-dynamodb': 'DynamoDB',
  '@aws-sdk/lib-dynamodb': 'DynamoDB',
  '@aws-sdk/client-s3': 'S3',
  '@aws-sdk/s3-request-presigner': 'S3',
  '@aws-sdk/client-sfn': 'SFN',
  '@aws-sdk/client-sesv2': 'SESv2',
  '@aws-sdk/client-translate': 'Translate',
} as const;

export type SdkClient = (typeof clientOfPackage)[keyof typeof clientOfPackage];

/** The package a bundled file belongs to: the one under its last node_modules folder. */
function packageOf(path: string): string | undefined {
  const at = path.replaceAll('\\', '/').lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [scope, name] = path.slice(at + 'node_modules/'.length).split('/');
  return scope?.startsWith('@') ? `${scope}/${name}` : scope;
}

/**
 * The SDK clients whose code is in a bundle: packages with at least one byte in the output
 * (the metafile's `inputs` also lists files esbuild parsed and then shook out entirely). A
 * `@aws-sdk/client-*` package the table above does not know is named as it is, so a new client
 * cannot pass unseen.
 */
export function bundledClients(output: Metafile['outputs'][string]): string[] {
  const found = new Set<string>();
  for (const [path, input] of Object.entries(output.inputs)) {
    if (input.bytesInOutput === 0) continue;
    const name = packageOf(path);
    if (!name) continue;
    if (name in clientOfPackage) found.add(clientOfPackage[name as keyof typeof clientOfPackage]);
    else if (name.startsWith('@aws-sdk/client-')) found.add(name);
  }
  return [...found].sort();
}

/** The clients a function's grants let it call (infra/definitions.ts). */
export function grantedClients(definition: FunctionDefinition): SdkClient[] {
  const granted: SdkClient[] = [];
  if (Object.keys(definition.tables).length > 0) granted.push('DynamoDB');
  // Bucket names alone (bucketNames) grant no access: a client for them would be ungranted.
  if (Object.keys(definition.buckets).length > 0) granted.push('S3');
  if (definition.workflow) granted.push('SFN');
  if (definition.notifies) granted.push('SESv2');
  if (definition.translates) granted.push('Translate');
  return granted;
}

export interface ClientCheck {
  readonly bundled: readonly string[];
  /** Bundled, yet the grants never allow a call to it: dead weight, or a grant missing. */
  readonly ungranted: readonly string[];
  /** Granted, yet not in the bundle: a grant the function never uses. */
  readonly unused: readonly SdkClient[];
}

export function checkClients(
  output: Metafile['outputs'][string],
  definition: FunctionDefinition,
): ClientCheck {
  const bundled = bundledClients(output);
  const granted = grantedClients(definition);
  return {
    bundled,
    ungranted: bundled.filter((client) => !(granted as string[]).includes(client)),
    unused: granted.filter((client) => !bundled.includes(client)),
  };
}
