import { join } from 'node:path';

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

/**
 * Built-ins the bundles take as CommonJS instead of through an ESM import. On Node 24 an ESM
 * `import … from 'node:http'` builds the module's namespace, which reads http's lazy `WebSocket`
 * getter and so loads undici (nodejs/node#59686): about 30 ms of every cold start here
 * (measured: `import('node:http')` 33–38 ms, `require('node:http')` 3–5 ms), and every bundle
 * imports http through the AWS SDK. The shims hand over the same module object.
 */
const nodeBuiltinShims = { http: 'http.cjs', https: 'https.cjs', http2: 'http2.cjs' } as const;

/** esbuild's `alias` map for the shims, both spellings of each built-in, as absolute paths. */
export function builtinAliases(projectRoot: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(nodeBuiltinShims).flatMap(([name, file]) => {
      const shim = join(projectRoot, 'infra/node-builtins', file);
      return [
        [name, shim],
        [`node:${name}`, shim],
      ];
    }),
  );
}
