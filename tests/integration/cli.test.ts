/**
 * The `intake` commands of the spine, run as a user runs them (a child process, its own embedded stack on a
 * temporary data dir): ingest → reports list → ingest again (nothing duplicated).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Report } from '../../shared/store/records';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'intake-cli-'));
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|TABLE_NAME|BUCKET_NAME|IDEMPOTENCY_TABLE_NAME)/.test(k)));

async function intake(...args: string[]) {
  return run(process.execPath, ['bin/intake.mjs', ...args, '--data-dir', dataDir], { cwd: root, env: cleanEnv, timeout: 120_000 });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('intake ingest / reports list', () => {
  it('ingests a file for an agency named by its abbreviation (BTP), lists it, and ingests it again without duplicating', async () => {
    const first = await intake('ingest', 'seeds/samples/bo-tu-phap.docx', '--agency', 'BTP', '--json');
    const [report] = Report.array().parse(JSON.parse(first.stdout));
    expect(report).toMatchObject({ state: 'processed', agencyId: 'bo-tu-phap', fileName: 'bo-tu-phap.docx', origin: { kind: 'cli' } });
    expect(report.counts?.rows).toBeGreaterThan(0);

    const listed = Report.array().parse(JSON.parse((await intake('reports', 'list', '--json')).stdout));
    expect(listed.map((r) => r.id)).toEqual([report.id]);

    const again = Report.array().parse(JSON.parse((await intake('ingest', 'seeds/samples/bo-tu-phap.docx', '--agency', 'Bộ Tư pháp', '--json')).stdout));
    expect(again[0].id).toBe(report.id);
    expect(Report.array().parse(JSON.parse((await intake('reports', 'list', '--json')).stdout))).toHaveLength(1);

    const text = (await intake('reports', 'list')).stdout;
    expect(text).toContain('bo-tu-phap.docx: đã xử lý');
  });

  it('refuses an agency the directory does not know, with a Vietnamese message and exit code 1', async () => {
    await expect(intake('ingest', 'seeds/samples/bo-y-te.xlsx', '--agency', 'Bộ Không Tồn Tại')).rejects.toMatchObject({
      code: 1, stderr: expect.stringContaining('Không nhận ra cơ quan'),
    });
  });
});
