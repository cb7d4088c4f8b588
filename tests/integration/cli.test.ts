/**
 * The `intake` commands of the spine, run as a user runs them (a child process, its own embedded stack on a
 * temporary data dir): ingest → reports list → ingest again (nothing duplicated).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Report } from '#shared/domain/report';
import { intakeOk } from '#testkit/cli';

const dataDir = mkdtempSync(join(tmpdir(), 'intake-cli-'));
async function intake(...args: string[]) {
  return intakeOk([...args, '--data-dir', dataDir]);
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
    expect(text).toContain('cơ quan Bộ Tư pháp'); // the agency by name, not its id
  });

  it('refuses an agency the directory does not know, with a Vietnamese message and exit code 1', async () => {
    await expect(intake('ingest', 'seeds/samples/bo-y-te.xlsx', '--agency', 'Bộ Không Tồn Tại')).rejects.toMatchObject({
      code: 1, stderr: expect.stringContaining('Không nhận ra cơ quan'),
    });
  });

  it('refuses a missing file, a malformed report id and a bad date in one Vietnamese line', async () => {
    const refused = async (args: string[], text: string) => {
      const err = (await intake(...args).then(() => undefined, (e: unknown) => e)) as { code: number; stderr: string };
      expect(err?.code, args.join(' ')).toBe(1);
      expect(err.stderr).toContain(text);
      expect(err.stderr).not.toMatch(/"code"|ENOENT|^\s+at /m);
    };
    await refused(['ingest', '/khong-co/bao-cao.docx'], 'Không tìm thấy "/khong-co/bao-cao.docx"');
    await refused(['match', '/khong-co/bao-cao.docx'], 'Không tìm thấy "/khong-co/bao-cao.docx"');
    await refused(['match', 'seeds/samples/bo-tu-phap.docx', '--as-of', '2024-06-31'], 'Tham số không hợp lệ — --as-of: không phải một ngày');
    await refused(['reports', 'list', '--since', 'hôm qua'], 'Tham số không hợp lệ — --since: không phải một ngày');
    await refused(['reports', 'show', 'nope'], 'Mã báo cáo "nope" không hợp lệ');
  });
});

describe('intake start', () => {
  it('runs end to end and points at what can still be opened after it ends (the .eml), not a dead local URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-start-'));
    try {
      const { stdout } = await intakeOk(['start', '--data-dir', dir]);
      expect(stdout).toMatch(/Đọc thư: .*\.eml$/m);
      expect(stdout).not.toMatch(/https?:\/\/127\.0\.0\.1/);
      expect(stdout).toContain('Bộ Tư pháp'); // agencies by name
      expect(stdout).not.toMatch(/\bbo-tu-phap\s{2}/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
