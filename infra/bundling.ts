/**
 * How a function is bundled (esbuild, run by NodejsFunction at synth): one source for the CDK
 * construct and for the benchmark that measures bundle sizes and init times.
 */
export const bundling = {
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  // ESM bundles still meet CommonJS dependencies that call require().
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /** Bundled, not taken from the runtime: the lock file pins the SDK that was tested (measured in npm run bench). */
  externalModules: [] as string[],
} as const;
