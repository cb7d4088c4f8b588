/**
 * A scanned report end to end on the embedded stack: the upload is an image-only PDF → ingest hands it to the OCR
 * queue (`ocr_pending`, a receipt saying the scan is being read) → the OCR function reads one page per run
 * (OCR_PAGES_PER_RUN=1, so the second page is re-queued), keeps each page's result and image in S3 → the same
 * match/store path → `processed`, rows carrying their OCR confidence and box, a second receipt. A scan uploaded as
 * a JPEG image takes the same path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '#shared/domain/task';
import { reportIdFor } from '#shared/ingest/process-upload';
import { ocrPageKey } from '#shared/ingest/ocr-queue';
import { loadSeedRegistry } from '#shared/registry';
import { useLocalStack } from '#testkit/local-stack';
import { imagePdf, Scanner, type ScanTable } from '#testkit/scan';

const saved = process.env.OCR_PAGES_PER_RUN;
process.env.OCR_PAGES_PER_RUN = '1';
afterAll(() => {
  if (saved === undefined) delete process.env.OCR_PAGES_PER_RUN;
  else process.env.OCR_PAGES_PER_RUN = saved;
});

const env = useLocalStack();
const AGENCY = 'bo-tu-phap';
const CONTACT = 'vanphong@moj.example.gov.vn';

function page(tasks: Task[], first: number): ScanTable {
  return {
    widths: [12, 150, 40, 30, 30],
    header: [['STT', 'Nội dung nhiệm vụ', 'Thời hạn', 'Hoàn thành', 'Chưa hoàn thành']],
    rows: tasks.map((t, i) => [String(first + i), t.content, t.deadline.raw, i % 2 ? '' : 'x', i % 2 ? 'x' : '']),
  };
}

describe('a scanned PDF report', () => {
  let id: string;
  let tasks: Task[];
  beforeAll(async () => {
    await loadSeedRegistry(env.store);
    await env.store.setContact({ agencyId: AGENCY, emails: [CONTACT], domains: [] });
    tasks = (await env.store.listTasks()).filter((t) => t.lead.ids.includes(AGENCY)).sort((a, b) => a.content.length - b.content.length).slice(0, 3);
    expect(tasks).toHaveLength(3);
    const scanner = await Scanner.open();
    let pdf: Uint8Array;
    try {
      pdf = await imagePdf([
        await scanner.shoot(page(tasks.slice(0, 2), 1), { skew: 0.6, format: 'jpeg', quality: 70, seed: 3 }),
        await scanner.shoot(page(tasks.slice(2), 3), { skew: -0.4, format: 'jpeg', quality: 70, seed: 4 }),
      ]);
    } finally {
      await scanner.close();
    }
    const key = `uploads/${AGENCY}/bao-cao-ban-quet.pdf`;
    const put = await env.blobs.put(key, pdf, { contentType: 'application/pdf' });
    id = reportIdFor({ bucket: env.config.bucketName, key, etag: put.etag });
    await env.stack.idle();
  }, 180_000);

  it('is read by OCR page by page and goes through the usual path to processed', async () => {
    const r = (await env.store.getReport(id))!;
    expect(r).toMatchObject({ state: 'processed', format: 'pdf', agencyId: AGENCY, ocr: { pages: 2, done: 2 } });
    const rows = await env.store.listRows(id);
    expect(rows.map((x) => x.cells.stt)).toEqual(['1', '2', '3']);
    expect(rows.map((x) => x.cells.statusMark)).toEqual(['completed', 'not_completed', 'completed']);
    expect(rows.map((x) => x.cells.source.page)).toEqual([1, 1, 2]);
    for (const row of rows) {
      expect(row.cells.source.ocr!.confidence).toBeGreaterThan(0);
      // a sure read of a registry task's own words matches it; an unsure one waits for a person
      if (row.match?.decision === 'auto') expect(tasks.map((t) => t.id)).toContain(row.match.taskId);
    }
    expect(rows.filter((x) => x.match?.decision === 'auto').length).toBeGreaterThanOrEqual(2);
    for (const n of [1, 2]) {
      expect(await env.blobs.head(ocrPageKey(id, n, 'json'))).toBeDefined();
      expect((await env.blobs.head(ocrPageKey(id, n, 'png')))?.contentType).toBe('image/png');
    }
  });

  it('tells the agency twice: the scan is being read, then what was read', () => {
    const mails = env.stack.sentMail().filter((m) => m.destination.to.includes(CONTACT));
    expect(mails).toHaveLength(2);
    expect(mails[0].body.text).toContain('bản quét');
    expect(mails[0].body.text).toContain('đang đọc bằng nhận dạng chữ (OCR)');
    expect(mails[1].body.text).toContain('được đọc từ bản quét');
    expect(mails[1].body.text).toContain('3 dòng nhiệm vụ');
  });

  it('a scan uploaded as a JPEG image goes the same way (format kept)', async () => {
    const scanner = await Scanner.open();
    let jpeg: Buffer;
    try {
      jpeg = await scanner.shoot(page(tasks.slice(0, 2), 1), { skew: 0.3, format: 'jpeg', quality: 70, seed: 6 });
    } finally {
      await scanner.close();
    }
    const key = `uploads/${AGENCY}/bao-cao-anh-chup.jpg`;
    const put = await env.blobs.put(key, jpeg, { contentType: 'image/jpeg' });
    const jid = reportIdFor({ bucket: env.config.bucketName, key, etag: put.etag });
    await env.stack.idle();
    expect(await env.store.getReport(jid)).toMatchObject({ state: 'processed', format: 'jpeg', ocr: { pages: 1, done: 1 } });
    expect((await env.store.listRows(jid)).map((x) => x.cells.statusMark)).toEqual(['completed', 'not_completed']);
  }, 120_000);
});
