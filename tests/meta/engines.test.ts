/** Engines tell the truth (#13 item 10): package.json, the README, the CDK runtime and the dependencies agree. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '#testkit/cli';

const require = createRequire(import.meta.url);
const semver = require('semver') as { satisfies(v: string, range: string): boolean; minVersion(range: string): { version: string } | null };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }> };
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Dependencies known to declare a newer Node than ours, with why they still work (documented in the README). */
const DECLARE_NEWER: Record<string, string> = { unpdf: 'PDF.js 5; the one polyfill in shared/extract/pdf/items.ts' };

describe('Node.js versions', () => {
  const floor = semver.minVersion(pkg.engines.node)!.version;

  it('package.json says Node 20 or newer, as the README does', () => {
    expect(pkg.engines.node).toBe('>=20');
    expect(readme).toContain('**Node.js**: 20 or newer');
  });

  it('the functions run the Node the README names (22)', () => {
    expect(readFileSync(join(ROOT, 'infra/constructs/intake-function.ts'), 'utf8')).toContain('NODEJS_22_X');
    expect(readme).toContain('the Lambda functions run Node 22');
  });

  it('every locked dependency accepts our lowest Node, except the ones the README names', () => {
    const newer: string[] = [];
    for (const [path, p] of Object.entries(lock.packages)) {
      const range = !Array.isArray(p.engines) ? p.engines?.node : undefined;
      if (!path || !range) continue;
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      // the lowest patch of our floor that the range allows ('^20.19 || >=22' accepts Node 20 at 20.19)
      const ok = semver.satisfies(floor, range) || semver.satisfies('20.99.0', range);
      if (!ok) newer.push(name);
    }
    expect([...new Set(newer)].sort()).toEqual(Object.keys(DECLARE_NEWER).sort());
    for (const name of Object.keys(DECLARE_NEWER)) expect(readme).toContain(`\`${name}\``);
  });
});
