// A local Lambda execution environment's bootstrap (a worker thread of lambda-runtime.ts).
// Plain JavaScript, so it loads without a TypeScript loader: it registers tsx itself, which
// works both under `tsx` (npm start) and under vitest, whose workers inherit no loader.
import { register } from 'tsx/esm/api';

register();
await import('./lambda-worker.ts');
