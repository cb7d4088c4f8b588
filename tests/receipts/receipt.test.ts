import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parseDeadline } from '#shared/deadlines';
import type { Task } from '#shared/domain/task';
import { composeMime } from '#shared/mail/mailer';
import { buildReceipt, receiptMail } from '#shared/receipts';
import type { Report, StoredRow } from '#shared/domain/report';

const report = (patch: Partial<Report> = {}): Report => ({
  id: 'a1b2c3d4e5f6a7b8c9d0', bucket: 'b', key: 'uploads/bo-tu-phap/email/2024-06-16/x/01/Báo cáo.xlsx', fileName: 'Báo cáo.xlsx',
  size: 100, sha256: 'x', receivedAt: '2024-06-16T02:00:00.000Z', state: 'processed', agencyId: 'bo-tu-phap',
  origin: { kind: 'email', messageId: '<m1@moj.gov.vn>', sender: 'vanphong@moj.gov.vn', subject: 'Báo cáo 6 tháng' },
  ...patch,
});

let n = 0;
const row = (table: number, cells: Partial<StoredRow['cells']>, match?: Partial<NonNullable<StoredRow['match']>>, status?: StoredRow['status']): StoredRow => ({
  reportId: 'r', rowId: `${table}.${n++}`, table,
  cells: { source: { row: n + 3, sheet: 'Phụ lục 01' }, ...cells },
  ...(match ? { match: { taskId: null, score: 0, decision: 'new', candidates: [], ...match } } : {}),
  ...(status ? { status } : {}),
});

const task = (id: string, lead: string[], coord: string[] = []): Task => ({
  id, directive: { number: '04/CT-TTg', kind: 'Chỉ thị', date: '2024-02-11', title: 't' }, stt: '1', content: 'x',
  lead: { raw: lead.join(', '), ids: lead }, coord: { raw: '', ids: coord }, deadline: { kind: 'year', raw: 'Năm 2024' }, provenance: { file: 'f' },
});

describe('the receipt', () => {
  const rows = [
    row(0, { stt: '1', deadline: 'Tháng 6/2024' }, { taskId: '04/CT-TTg:B.1', decision: 'auto', score: 1 }, { value: 'completed', source: 'assessment', raw: 'Hoàn thành' }),
    row(0, { stt: '2', deadline: 'sớm nhất có thể' }, { taskId: '04/CT-TTg:B.2', decision: 'auto', score: 1 }, { value: 'in_progress', source: 'assessment' }),
    row(0, { stt: '3' }, { taskId: null, decision: 'review', score: 0.6 }, { value: null, source: 'none' }),
    row(1, { stt: '1' }, { taskId: null, decision: 'new' }, { value: 'completed', source: 'mark' }),
    row(1, { stt: '2' }, { taskId: '04/CT-TTg:B.9', decision: 'auto', score: 1 }, { value: 'completed', source: 'mark' }),
  ];
  const tasks = new Map([
    ['04/CT-TTg:B.1', task('04/CT-TTg:B.1', ['bo-tu-phap'])],
    ['04/CT-TTg:B.2', task('04/CT-TTg:B.2', ['bo-cong-an'], ['bo-tu-phap'])],
    ['04/CT-TTg:B.9', task('04/CT-TTg:B.9', ['bo-y-te'])],
  ]);

  it('counts per table: read, matched, to review, new, and statuses', () => {
    const r = buildReceipt({ report: report(), rows, tasks, parseDeadline: (t) => parseDeadline(t) });
    expect(r.tables).toEqual([
      { table: 0, read: 3, matched: 2, review: 1, new: 0, statuses: { completed: 1, in_progress: 1, none: 1 } },
      { table: 1, read: 2, matched: 1, review: 0, new: 1, statuses: { completed: 2 } },
    ]);
    expect(r.text).toContain('Bảng 1: đọc 3 dòng — khớp 2, cần xem xét 1, mới 0.');
    expect(r.text).toContain('Tình trạng: Hoàn thành: 1; Đang triển khai: 1; Chưa ghi tình trạng: 1');
    expect(r.subject).toBe('Re: Báo cáo 6 tháng');
  });

  it('lists the problems with where they are and how to fix them', () => {
    const r = buildReceipt({ report: report(), rows, tasks, parseDeadline: (t) => parseDeadline(t) });
    expect(r.problems.map((p) => p.code)).toEqual(['no_status', 'deadline_unknown', 'other_agency', 'unmatched']);
    const noStatus = r.problems[0];
    expect(noStatus.where).toEqual(['Bảng 1, trang tính "Phụ lục 01", dòng 6 (STT 3)']);
    expect(r.problems[1].where?.[0]).toContain('"sớm nhất có thể"');
    expect(r.problems[2].where?.[0]).toContain('04/CT-TTg:B.9');
    expect(r.text).toContain('Cách khắc phục:');
    expect(r.html).toContain('<ol>');
  });

  it('explains a failure: no table, a scanned PDF, any failure code', () => {
    const noTable = buildReceipt({ report: report({ counts: { tables: 0, rows: 0 } }), rows: [] });
    expect(noTable.problems.map((p) => p.code)).toEqual(['no_table']);
    const scanned = buildReceipt({ report: report({ state: 'quarantined', error: { code: 'no_text', message: 'x' } }), rows: [] });
    expect(scanned.text).toContain('bản quét');
    expect(scanned.text).toContain('chưa đọc được đầy đủ');
    const odd = buildReceipt({ report: report({ state: 'failed', error: { code: 'weird_code', message: 'x' } }), rows: [] });
    expect(odd.text).toContain('weird_code');
  });

  it('escapes what the sender wrote', () => {
    const r = buildReceipt({ report: report({ fileName: '<img src=x onerror=alert(1)>.xlsx' }), rows: [] });
    expect(r.html).not.toContain('<img');
  });

  it('is threaded under the message the report came in', async () => {
    const r = buildReceipt({ report: report(), rows });
    const { raw } = await composeMime(receiptMail(report(), r, ['vanphong@moj.gov.vn']), 'tong-hop@de-an-06.local');
    const parsed = await simpleParser(raw);
    expect(parsed.inReplyTo).toBe('<m1@moj.gov.vn>');
    expect([parsed.references].flat()).toEqual(['<m1@moj.gov.vn>']);
    expect(parsed.subject).toBe('Re: Báo cáo 6 tháng');
    const upload = receiptMail(report({ origin: { kind: 'upload' } }), r, ['a@b.vn']);
    expect(upload.inReplyTo).toBeUndefined();
  });
});
