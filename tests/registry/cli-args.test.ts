/** `intake registry` as the secretariat types it: dd/mm/yyyy dates, bad options refused in one Vietnamese line. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dueOf } from '#shared/deadlines';
import type { Task } from '#shared/domain/task';
import { intakeAsync } from '#testkit/cli';

const dataDir = mkdtempSync(join(tmpdir(), 'intake-registry-'));
/** resolves with the output; rejects (like execFile) with { code, stdout, stderr } on a non-zero exit. */
const intake = async (...args: string[]) => {
  const r = await intakeAsync([...args, '--data-dir', dataDir]);
  if (r.code !== 0) throw r;
  return r;
};

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

  it('an empty registry says how to load one instead of printing nothing (or [])', async () => {
    const empty = await intake('registry', 'list');
    expect(empty.stdout).toContain('Danh mục nhiệm vụ đang trống. Nạp danh mục mẫu: intake registry load-seeds');
    const json = await intake('registry', 'list', '--json');
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toContain('intake registry load-seeds');
  });

  it('takes dd/mm/yyyy and shows due dates as the secretariat writes them, never "unknown"', async () => {
    await intake('registry', 'load-seeds');
    const { stdout } = await intake('registry', 'list', '--directive', '175/NQ-CP');
    expect(stdout).not.toMatch(/\bunknown\b/);
    const before = (await intake('registry', 'list', '--due-before', '01/01/2024', '--json')).stdout;
    const tasks = JSON.parse(before) as Task[];
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) expect(dueOf(t.deadline)! < '2024-01-01').toBe(true);
  });

  it('lists tasks in natural order (A.2 before A.10), as the appendix does', async () => {
    const { stdout } = await intake('registry', 'list', '--directive', '04/CT-TTg');
    const ids = stdout.split('\n').map((l) => l.split(/\s+/)[0]!).filter((id) => id.startsWith('04/CT-TTg:'));
    expect(ids.length).toBeGreaterThan(20);
    expect(ids.indexOf('04/CT-TTg:A.2')).toBeLessThan(ids.indexOf('04/CT-TTg:A.10'));
    const natural = new Intl.Collator('en', { numeric: true }).compare;
    expect(ids).toEqual([...ids].sort(natural));
  });
});
