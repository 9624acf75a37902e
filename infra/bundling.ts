/**
 * How a function is bundled (esbuild, run by NodejsFunction at synth): one source for the CDK
 * construct and for the benchmark that measures bundle sizes and init times.
 */
/** The Lambda runtime's Node major: the functions deploy on it and every local script runs on it (package.json pins `node`). */
export const LAMBDA_NODE_MAJOR = 24;

export const bundling = {
  format: 'esm',
  target: `node${LAMBDA_NODE_MAJOR}`,
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  // ESM bundles still meet CommonJS dependencies that call require().
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /** Bundled, not taken from the runtime: the lock file pins the SDK that was tested (measured in npm run bench). */
  externalModules: [] as string[],
} as const;
