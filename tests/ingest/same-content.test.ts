/**
 * #13.4 and #13.7 — what the ingest path does with content it has seen, and with a report whose agency it cannot
 * find; the secretariat's reassign/withdraw use cases. Run on the real stack (dynalite, s3rver) through
 * processUpload with the real stages; no handler in between so each step is visible.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractError } from '#shared/extract/model';
import { processUpload, reportIdFor } from '#shared/ingest/process-upload';
import { uploadKey } from '#shared/ingest/keys';
import { defaultStages, type Stages } from '#shared/ingest/stages';
import { buildReceipt } from '#shared/receipts/build';
import { receiptHook } from '#shared/receipts/send';
import { loadSeedRegistry } from '#shared/registry';
import { reassignReport, withdrawReport } from '#shared/review/report-actions';
import { intakeAsync, ROOT, scrubbedEnv } from '#testkit/cli';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });
const sample = (name: string) => readFileSync(join(ROOT, 'seeds/samples', name));
let stages: Stages;
const work = mkdtempSync(join(tmpdir(), 'intake-same-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  await loadSeedRegistry(env.store);
  stages = await defaultStages();
});

async function ingest(bytes: Uint8Array, fileName: string, agencyId?: string, use: Stages = stages, receipts = false) {
  const key = uploadKey({ agencyId, fileName });
  const put = await env.blobs.put(key, bytes);
  const ref = { bucket: env.config.bucketName, key, etag: put.etag };
  const onProcessed = receipts ? receiptHook({ store: env.store, mailer: env.mailer }) : undefined;
  const out = await processUpload(ref, { store: env.store, blobs: env.blobs, config: env.config, stages: use, onProcessed });
  if (receipts) return (await env.store.getReport(out.report.id))!;
  expect(out.report.id).toBe(reportIdFor(ref));
  return out.report;
}

const latestFor = async (agencyId: string) => (await env.store.latestStatuses()).filter((e) => e.agencyId === agencyId);

describe('the same content again', () => {
  it('from another agency: held for the secretariat, counted for neither; from the same agency: a duplicate', async () => {
    const bytes = sample('bo-tu-phap.docx');
    const first = await ingest(bytes, 'bao-cao.docx', 'bo-tu-phap');
    expect(first.state).toBe('processed');
    const other = await ingest(bytes, 'bao-cao.docx', 'bo-noi-vu');
    expect(other).toMatchObject({ state: 'held', duplicateOf: first.id, error: { code: 'same_content_other_agency' } });
    expect(other.error?.messageVi).toMatch(/cơ quan khác/);
    expect(await latestFor('bo-noi-vu')).toHaveLength(0);
    const again = await ingest(bytes, 'bao-cao (1).docx', 'bo-tu-phap');
    expect(again).toMatchObject({ state: 'duplicate', duplicateOf: first.id });
  });

  it('a file that was quarantined and is sent again is read again, not refused as a duplicate', async () => {
    const bytes = sample('bo-y-te.xlsx');
    const timingOut: Stages = { ...stages, extract: async () => { throw new ExtractError('timeout', 'too slow'); } };
    const first = await ingest(bytes, 'bo-y-te.xlsx', 'bo-y-te', timingOut);
    expect(first.state).toBe('quarantined');
    const again = await ingest(bytes, 'bo-y-te.xlsx', 'bo-y-te');
    expect(again.state).toBe('processed');
    expect(again.duplicateOf).toBeUndefined();
    expect(again.counts?.rows).toBeGreaterThan(0);
  });
});

describe('reassign and withdraw', () => {
  it('reassign moves what a report counts to the right agency; withdraw stops it counting; both in the history', async () => {
    const bytes = sample('ubnd-hue.pdf');
    const wrong = await ingest(bytes, 'bao-cao-hue.pdf', 'bo-ngoai-giao');
    expect(wrong.state).toBe('processed');
    const counted = (await latestFor('bo-ngoai-giao')).filter((e) => e.reportId === wrong.id).length;
    expect(counted).toBeGreaterThan(0);

    const moved = await reassignReport(env.store, wrong.id, 'tinh-thua-thien-hue', { by: 'test', reason: 'gửi nhầm cơ quan' });
    expect(moved.moved).toBe(counted);
    expect(moved.report).toMatchObject({ agencyId: 'tinh-thua-thien-hue', history: [{ action: 'reassigned', from: 'bo-ngoai-giao', to: 'tinh-thua-thien-hue', reason: 'gửi nhầm cơ quan' }] });
    expect((await latestFor('bo-ngoai-giao')).filter((e) => e.reportId === wrong.id)).toHaveLength(0);
    expect((await latestFor('tinh-thua-thien-hue')).filter((e) => e.reportId === wrong.id)).toHaveLength(counted);
    // the old entries are kept, marked retracted
    const row = (await env.store.listRows(wrong.id)).find((r) => r.match?.decision === 'auto')!;
    const hist = await env.store.statusHistory(row.match!.taskId!);
    expect(hist.find((h) => h.reportId === wrong.id && h.agencyId === 'bo-ngoai-giao')?.retractedAt).toBeDefined();

    const gone = await withdrawReport(env.store, wrong.id, { by: 'test', reason: 'trùng' });
    expect(gone.retracted).toBe(counted);
    expect(gone.report.withdrawn).toMatchObject({ by: 'test', reason: 'trùng' });
    expect(gone.report.history?.map((h) => h.action)).toEqual(['reassigned', 'withdrawn']);
    expect((await latestFor('tinh-thua-thien-hue')).filter((e) => e.reportId === wrong.id)).toHaveLength(0);
    await expect(withdrawReport(env.store, wrong.id, { by: 'test' })).rejects.toMatchObject({ code: 'withdrawn' });

    // once withdrawn, the same content is read again (it counts nowhere now)
    const resent = await ingest(bytes, 'bao-cao-hue.pdf', 'tinh-thua-thien-hue');
    expect(resent.state).toBe('processed');
  });
});

describe('which agency', () => {
  it('our own DOCX template is read as its agency\'s report, by ingest and by `intake match` alike', async () => {
    execFileSync(process.execPath, ['bin/intake.mjs', 'templates', 'build', '--period', '6 tháng đầu năm 2024', '--agency', 'BTP',
      '--out', work, '--seeds', '--format', 'docx'], { cwd: ROOT, env: scrubbedEnv(), stdio: 'pipe' });
    const file = join(work, readdirSync(work).find((f) => f.endsWith('.docx'))!);
    const report = await ingest(readFileSync(file), 'bieu-mau.docx');
    expect(report.agencyId).toBe('bo-tu-phap');
    expect(report.agencySource).toMatch(/^document:title/);
    expect(report.warnings?.map((w) => w.code)).not.toContain('agency_unknown');

    const matched = await intakeAsync(['match', file, '--json', '--as-of', report.reportDate!, '--data-dir', join(work, 'data')]);
    expect(matched.code, matched.stderr).toBe(0);
    const json = JSON.parse(matched.stdout) as { agency: string; rows: Array<{ decision: string; taskId: string | null }> };
    expect(json.agency).toBe('bo-tu-phap');
    const rows = await env.store.listRows(report.id);
    expect(json.rows).toHaveLength(rows.length);
    expect(json.rows.map((r) => `${r.decision}:${r.taskId}`)).toEqual(rows.map((r) => `${r.match?.decision}:${r.match?.taskId}`));
  }, 120_000);

  it('a report whose agency cannot be found is flagged on the report and in its receipt', async () => {
    const html = `<html><body><p>BÁO CÁO KẾT QUẢ THỰC HIỆN</p><table>
      <tr><th>STT</th><th>Nội dung nhiệm vụ</th><th>Kết quả thực hiện</th><th>Đánh giá tình trạng</th></tr>
      <tr><td>1</td><td>Triển khai thí điểm dịch vụ công trực tuyến liên thông</td><td>Đã hoàn thành</td><td>Hoàn thành</td></tr>
      <tr><td>2</td><td>Cập nhật, chuẩn hóa dữ liệu hộ tịch</td><td>Đang làm</td><td>Đang triển khai</td></tr>
    </table></body></html>`;
    const report = await ingest(new Uint8Array(Buffer.from(html)), 'bao-cao.html');
    expect(report.state).toBe('processed');
    expect(report.agencyId).toBeUndefined();
    expect(report.warnings?.map((w) => w.code)).toContain('agency_unknown');
    const receipt = buildReceipt({ report, rows: await env.store.listRows(report.id) });
    expect(receipt.text).toMatch(/Không xác định được cơ quan gửi báo cáo/);
  });
});

describe('a receipt that cannot be sent', () => {
  it('says why on the report: no contact for the agency, or no agency at all', async () => {
    const html = (n: string) => `<html><body><table><tr><th>STT</th><th>Nội dung nhiệm vụ</th><th>Đánh giá tình trạng</th></tr>
      <tr><td>1</td><td>Nhiệm vụ thử ${n}</td><td>Hoàn thành</td></tr></table></body></html>`;
    const known = await ingest(new Uint8Array(Buffer.from(html('một'))), 'bao-cao.html', 'bo-tai-chinh', stages, true);
    expect(known.receiptSentAt).toBeUndefined();
    expect(known.receiptSkipped).toMatch(/chưa có địa chỉ liên hệ của Bộ Tài chính/);
    const unknown = await ingest(new Uint8Array(Buffer.from(html('hai'))), 'bao-cao.html', undefined, stages, true);
    expect(unknown.receiptSkipped).toMatch(/chưa xác định được cơ quan/);

    await env.store.setContact({ agencyId: 'bo-tai-chinh', emails: ['vp@mof.example'], domains: [], updatedAt: new Date().toISOString() });
    const sent = await ingest(new Uint8Array(Buffer.from(html('ba'))), 'bao-cao.html', 'bo-tai-chinh', stages, true);
    expect(sent.receiptSentAt).toBeDefined();
    expect(sent.receiptSkipped).toBeUndefined();
  });
});
