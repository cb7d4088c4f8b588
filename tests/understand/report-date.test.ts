import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '#shared/extract';
import { reportDateOf, statedDate } from '#shared/understand/report-date';

describe('the date a report states for itself', () => {
  it('reads "Báo cáo số … ngày d/m/yyyy" and "ngày … tháng … năm …", with or without diacritics', () => {
    expect(statedDate('PHỤ LỤC 01 … (Kèm theo Báo cáo số 199/BC-BTP ngày 14/6/2024 về kết quả triển khai Đề án 06)')).toBe('2024-06-14');
    expect(statedDate('(Kem theo Bao cao so 286/BC-BXD ngay 03/07/2024)')).toBe('2024-07-03');
    expect(statedDate('Báo cáo Hà Nội, ngày 14 tháng 6 năm 2024')).toBe('2024-06-14');
  });
  it('ignores dates of the documents a report cites before it names itself, and impossible dates', () => {
    expect(statedDate('Nghị định số 107/2021/NĐ-CP ngày 06/12/2021; kèm theo Báo cáo số 5/BC ngày 20/5/2024')).toBe('2024-05-20');
    expect(statedDate('Báo cáo ngày 31/02/2024')).toBeUndefined();
    expect(statedDate('Phụ lục 01')).toBeUndefined();
  });
  it('takes the date only when plausible: not after the day the file arrived', () => {
    const tables = [{ index: 0, kind: 'tasks' as const, columns: [], rows: [], title: 'Kèm theo Báo cáo số 1/BC ngày 14/6/2024' }];
    expect(reportDateOf({ tables }, '2024-06-16T01:00:00Z')).toBe('2024-06-14');
    expect(reportDateOf({ tables }, '2024-06-10T01:00:00Z')).toBeUndefined();
  });
  it('finds it in every agency report of the fixtures', async () => {
    for (const f of ['bo-tu-phap.docx', 'bo-y-te.xlsx', 'ubnd-hue.pdf', 'bo-xay-dung.docx']) {
      const result = await extract({ bytes: readFileSync(`tests/fixtures/reports/${f}`), name: f });
      expect(reportDateOf(result, '2024-06-20'), f).toBe('2024-06-14');
    }
  });

  it('is the date the stored report carries after ingest', async () => {
    const { processUpload } = await import('#shared/ingest/process-upload');
    const { defaultStages } = await import('#shared/ingest/stages');
    const { startTestStack } = await import('#testkit/local-stack');
    const t = await startTestStack({ deliverEvents: false });
    try {
      const key = 'uploads/bo-tu-phap/bc.docx';
      const put = await t.blobs.put(key, readFileSync('tests/fixtures/reports/bo-tu-phap.docx'));
      const out = await processUpload({ bucket: t.config.bucketName, key, etag: put.etag }, { store: t.store, blobs: t.blobs, config: t.config, stages: await defaultStages() });
      expect(out.report.reportDate).toBe('2024-06-14');
      expect((await t.store.getReport(out.report.id))?.reportDate).toBe('2024-06-14');
    } finally {
      await t.stop();
    }
  });
});
