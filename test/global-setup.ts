import { buildWebAssets, PAGES_PREBUILT, projectRoot } from '../scripts/local/backend';

/**
 * Once per test run, before any test file: the web pages and the OCR engine are built here, and
 * every local backend the files start serves these instead of building them again (each build
 * took about 2.3 s; some fifty files start a backend). Workers inherit the variable.
 */
export default function setup(): void {
  buildWebAssets(projectRoot);
  process.env[PAGES_PREBUILT] = 'true';
}
