import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './local/backend';

/**
 * `npm run render:summary [file.pdf]`: renders the first page of a case summary PDF to PNG for
 * review (default: the one `npm run demo` left in .local/demo/), with poppler's pdftoppm,
 * which draws embedded CJK fonts faithfully (Debian: apt-get install poppler-utils).
 */
const input = process.argv[2] ?? join(projectRoot, '.local', 'demo', 'case-summary.pdf');
try {
  await access(input);
} catch {
  console.error(`No ${input}: run \`npm start\` and \`npm run demo\` first, or name a PDF.`);
  process.exit(1);
}
const prefix = input.replace(/\.pdf$/i, '');
try {
  await promisify(execFile)('pdftoppm', [
    '-png',
    '-r',
    '110',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    input,
    `${prefix}-page1`,
  ]);
} catch (error) {
  const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
  console.error(
    missing
      ? 'pdftoppm is not installed: apt-get install poppler-utils'
      : `pdftoppm failed: ${(error as Error).message}`,
  );
  process.exit(1);
}
console.log(`Page 1 rendered to ${prefix}-page1.png`);
