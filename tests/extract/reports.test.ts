/**
 * The agency reports we were given (DOCX, XLSX) against their gold answers, and our generated fixtures
 * against the data they were generated from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nfc } from '#shared/domain/vietnamese';
import { extract } from '#shared/extract';
import { ExtractResult } from '#shared/extract/model';
import { loadGold, score, taskRows } from '#testkit/gold';

const REPORTS = join(__dirname, '../fixtures/reports');
const GEN = join(__dirname, '../fixtures/generated');
const read = (dir: string, name: string) => ({ bytes: new Uint8Array(readFileSync(join(dir, name))), name });

describe('agency reports with gold answers', () => {
  for (const file of ['bo-tu-phap.docx', 'bo-xay-dung.docx', 'bo-y-te.xlsx']) {
    it(`${file}: every gold row found, content exactly equal, no extra rows`, async () => {
      const result = await extract(read(REPORTS, file));
      expect(() => ExtractResult.parse(result)).not.toThrow();
      const s = score(result, loadGold(join(REPORTS, file.replace(/\.\w+$/, '.gold.json'))));
      expect(s.missing).toEqual([]);
      expect(s.inexact).toEqual([]);
      expect(s.exact).toBe(s.gold);
      expect(s.extracted).toBe(s.gold);
    });
  }

  it('bo-tu-phap.docx: status marks under "Kết quả" agree with the gold status', async () => {
    const result = await extract(read(REPORTS, 'bo-tu-phap.docx'));
    const gold = loadGold(join(REPORTS, 'bo-tu-phap.gold.json'));
    const rows = taskRows(result);
    for (const g of gold.rows) {
      const row = rows.find((r) => nfc(r.content ?? '') === nfc(g.content));
      // the template has no "in progress" column: such tasks are ticked "Chưa hoàn thành"
      expect(row?.statusMark, g.content.slice(0, 40)).toBe(g.status === 'in_progress' ? 'not_completed' : g.status);
    }
    const cols = result.tables[0]!.columns.map((c) => c.role);
    expect(cols).toEqual(expect.arrayContaining(['stt', 'content', 'refs', 'lead', 'deadline', 'mark_completed', 'mark_not_completed', 'mark_recurring', 'risk']));
  });

  it('bo-xay-dung.docx: headers typed without diacritics still get their roles', async () => {
    const result = await extract(read(REPORTS, 'bo-xay-dung.docx'));
    expect(result.tables[0]!.columns.map((c) => c.role)).toEqual(['stt', 'content', 'deadline', 'result', 'note']);
    expect(new Set(taskRows(result).map((r) => r.section))).toEqual(new Set(['I. NHIEM VU CHUNG CUA CAC BO, NGANH, DIA PHUONG', 'II. NHIEM VU CU THE CUA CAC BO, NGANH']));
  });

  it('bo-y-te.xlsx: the cover sheet is skipped, rows carry the sheet name and sheet row numbers', async () => {
    const result = await extract(read(REPORTS, 'bo-y-te.xlsx'));
    expect(result.tables).toHaveLength(1);
    const rows = taskRows(result);
    expect(rows.every((r) => r.source.sheet === 'Phụ lục 01')).toBe(true);
    expect(rows[0]!.source.row).toBe(6);
    expect(rows[0]!.stt).toBe('1');
    expect(rows[1]!.stt).toBe('2'); // stored as a number in the sheet
  });
});

interface GenGold { rows: Array<{ stt: string; section?: string; content: string; lead: string; deadline: string; status?: string; note?: string }>; extraRows?: GenGold['rows'] }
const genGold = (name: string) => JSON.parse(readFileSync(join(GEN, name), 'utf8')) as GenGold;

function expectRows(got: ReturnType<typeof taskRows>, want: GenGold['rows'], opts: { marks: boolean }) {
  expect(got.map((r) => r.stt)).toEqual(want.map((w) => w.stt));
  got.forEach((r, i) => {
    const w = want[i]!;
    expect(r.content).toBe(w.content);
    expect(r.lead).toBe(w.lead);
    expect(r.deadline).toBe(w.deadline);
    if (w.section) expect(r.section).toBe(w.section);
    if (opts.marks) expect(r.statusMark).toBe(w.status);
    if (w.note) expect(r.note).toBe(w.note);
  });
}

describe('generated DOCX: merged two-row header, sections, several tables', () => {
  it('reads the task tables row for row; the statistics and signature tables are "other"', async () => {
    const result = await extract(read(GEN, 'report-merged.docx'));
    const gold = genGold('report-merged.gold.json');
    expect(result.tables.map((t) => t.kind)).toEqual(['tasks', 'other', 'tasks', 'other']);
    expectRows(result.tables[0]!.rows, gold.rows, { marks: true });
    expectRows(result.tables[2]!.rows, gold.extraRows!, { marks: true });
    expect(result.tables[0]!.title).toBe('PHỤ LỤC 01 TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐỀ ÁN 06');
    expect(result.tables[0]!.columns.slice(4, 7)).toEqual([
      { header: 'Kết quả / Hoàn thành', role: 'mark_completed' },
      { header: 'Kết quả / Chưa hoàn thành', role: 'mark_not_completed' },
      { header: 'Kết quả / Thực hiện thường xuyên', role: 'mark_recurring' },
    ]);
    expect(result.tables[1]!.rows.every((r) => r.content === undefined && r.extra)).toBe(true);
  });

  it('keeps raw text with its line breaks, and lists every physical row of a merged continuation row', async () => {
    const result = await extract(read(GEN, 'report-merged.docx'));
    const rows = result.tables[0]!.rows;
    const wrapped = rows.find((r) => r.stt === '2')!;
    expect(wrapped.raw?.content).toContain('\n');
    expect(wrapped.content).not.toContain('\n');
    const slash = rows.find((r) => r.stt === '4')!;
    expect(slash.content).toContain('VNeID/Cổng'); // "/" at a line end: joined without a space
    const split = rows.find((r) => r.stt === '5')!;
    expect(split.source.rows?.map((s) => s.row)).toEqual([split.source.row, split.source.row + 1]);
  });
});

describe('generated XLSX: cover sheet, title rows, merges, numbers, dates, rich text, formulas', () => {
  it('reads the Phụ lục sheet row for row; the statistics sheet is "other"; the total row is no task', async () => {
    const result = await extract(read(GEN, 'report-sheets.xlsx'));
    const gold = genGold('report-sheets.gold.json');
    expect(result.tables.map((t) => t.kind)).toEqual(['tasks', 'other']);
    const t = result.tables[0]!;
    expect(t.title).toBe('PHỤ LỤC 01 TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐỀ ÁN 06 NĂM 2024');
    expectRows(t.rows, gold.rows, { marks: true });
    expect(t.rows.every((r) => r.source.sheet === 'Phụ lục 01' && r.extra?.['Ngày cập nhật'] === '14/06/2024')).toBe(true);
    expect(t.rows.at(-1)!.source.rows).toBeUndefined();
    const stats = result.tables[1]!;
    expect(stats.columns.map((c) => c.header)).toEqual(['STT', 'Tên dịch vụ công', 'Số hồ sơ', 'Tỷ lệ (%)']);
    expect(stats.rows[0]!.extra).toEqual({ STT: '1', 'Tên dịch vụ công': 'Đăng ký khai sinh', 'Số hồ sơ': '12345', 'Tỷ lệ (%)': '87.5' });
  });
});

describe('generated HTML email body and 100-row tables', () => {
  it('reads the data table inside a layout table', async () => {
    const result = await extract(read(GEN, 'email-body.html'));
    expect(result.format).toBe('html');
    expect(result.tables).toHaveLength(1);
    expectRows(result.tables[0]!.rows, genGold('email-body.gold.json').rows, { marks: false });
    expect(result.tables[0]!.rows[0]!.result).toBe('Chưa hoàn thành');
  });

  for (const f of ['rows-100.docx', 'rows-100.xlsx']) {
    it(`${f}: all 100 rows`, async () => {
      const result = await extract(read(GEN, f));
      expectRows(taskRows(result), genGold(`${f}.gold.json`).rows, { marks: true });
    });
  }
});
