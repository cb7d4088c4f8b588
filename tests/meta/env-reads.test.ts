/**
 * Environment variables are read in one place, shared/config.ts (#11): the rest of the product gets them from there.
 * Wiring may hand the whole environment to it (`loadConfig(process.env)`), and the CLI and the embedded stack may
 * point the environment at a stack and restore it; nothing else names a variable of `process.env`.
 * tests/, testkit/ and bench/ set variables for the code under test and are not checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '#testkit/cli';

const CHECKED = ['shared', 'cli', 'functions', 'web', 'local', 'infra', 'scripts', 'bin'];
/** may read variables by name. */
const READERS: Record<string, string> = {
  'shared/config.ts': 'the one home of configuration',
  'infra/app.ts': "the CDK app: CDK's own CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION",
};
/** may hand the whole environment to config, or set and restore it, but read no variable by name. */
const WIRING = /^(functions\/.*|cli\/context\.ts|local\/stack\.ts)$/;
const WHOLE_OR_WRITE = [
  /\(process\.env\)/, // loadConfig(process.env), cognitoAuth(process.env)
  /Object\.assign\(process\.env,/,
  /\{ \.\.\.process\.env \}/,
  /^\s*(else )?process\.env\[k\] = /,
  /delete process\.env\[k\]/,
  /= process\.env\[k\];$/, // saved before being set, to restore
];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|mjs|js)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const isComment = (line: string) => /^\s*(\/\/|\/\*|\*)/.test(line);

describe('environment reads only in shared/config.ts', () => {
  const offending: string[] = [];
  for (const file of CHECKED.flatMap(sources)) {
    if (READERS[file]) continue;
    readFileSync(join(ROOT, file), 'utf8').split('\n').forEach((line, i) => {
      if (!line.includes('process.env') || isComment(line)) return;
      const allowed = WIRING.test(file) && WHOLE_OR_WRITE.some((re) => re.test(line)) && !/process\.env(\.[A-Za-z_]|\[['"`])/.test(line);
      if (!allowed) offending.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }

  it('no other module reads a variable of process.env', () => {
    expect(offending).toEqual([]);
  });

  it('the check sees a read where there is one', () => {
    const line = "  const dir = process.env.INTAKE_SEEDS_DIR ?? 'seeds';";
    expect(WHOLE_OR_WRITE.some((re) => re.test(line))).toBe(false);
    expect(/process\.env(\.[A-Za-z_]|\[['"`])/.test("Object.assign(process.env, { A: process.env['B'] })")).toBe(true);
  });
});
