import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAMBDA_NODE_MAJOR } from '../../infra/bundling';

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

describe('the Node that runs everything here', () => {
  it('is the Lambda runtime’s major version, so local behaviour is Lambda’s', () => {
    expect(Number(process.versions.node.split('.')[0])).toBe(LAMBDA_NODE_MAJOR);
  });

  it('is pinned in package.json (npm scripts run node_modules/.bin/node)', () => {
    expect(manifest.devDependencies.node).toMatch(new RegExp(`^\\^?${LAMBDA_NODE_MAJOR}\\.`));
  });
});
