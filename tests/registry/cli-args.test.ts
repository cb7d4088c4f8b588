/** `intake registry` as the secretariat types it: dd/mm/yyyy dates, bad options refused in one Vietnamese line. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'intake-registry-'));
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|TABLE_NAME|BUCKET_NAME|IDEMPOTENCY_TABLE_NAME)/.test(k)));
const intake = (...args: string[]) => run(process.execPath, ['bin/intake.mjs', ...args, '--data-dir', dataDir], { cwd: root, env: cleanEnv, timeout: 120_000 });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('intake registry options', () => {
  it('refuses a bad date or directive naming the option, exit code 1, no zod dump', async () => {
    for (const args of [['registry', 'list', '--due-before', '2024-99-01'], ['registry', 'import', 'seeds/sources/000_1e4b3cd2c785b43f.txt', '--directive', 'bad']]) {
      const err = await intake(...args).then(() => undefined, (e: { code: number; stderr: string }) => e);
      expect(err?.code).toBe(1);
      expect(err?.stderr).toMatch(/^intake: Tham số không hợp lệ — --(due-before|directive): /);
      expect(err?.stderr).not.toContain('"code"');
    }
  });

  it('takes dd/mm/yyyy and shows due dates as the secretariat writes them, never "unknown"', async () => {
    await intake('registry', 'load-seeds');
    const { stdout } = await intake('registry', 'list', '--directive', '175/NQ-CP');
    expect(stdout).not.toMatch(/\bunknown\b/);
    const before = (await intake('registry', 'list', '--due-before', '01/01/2024', '--json')).stdout;
    const tasks = JSON.parse(before) as Array<{ deadline: { due?: string } }>;
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) expect(t.deadline.due! < '2024-01-01').toBe(true);
  });
});
