/**
 * Rows the secretariat decided: a review row marked "new" stays visible as a task outside the registry (it used to
 * vanish from both lists), and the digest names rows the way a reader finds them (file, table, STT) with the id
 * `intake review` takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consolidate } from '#shared/digest/consolidate';
import { renderText } from '#shared/digest/render-text';
import { renderHtml } from '#shared/digest/render-html';
import { previewDigest } from '#shared/digest';
import { addMeeting } from '#shared/meetings';
import { simpleParser } from 'mailparser';
import { readFileSync } from 'node:fs';
import { loadConfig } from '#shared/config';
import { startLocalStack, type LocalStack } from '#local/stack';
import { dynamoStore } from '#shared/store/dynamo';
import type { Store } from '#shared/store/records';
import type { StoredRow } from '#shared/domain/report';
import * as w from '#testkit/digest-world';

const LONG = 'Ủy ban nhân dân các tỉnh: Bắc Kạn, Bình Phước, Đắk Nông, Gia Lai, Khánh Hòa, Phú Yên, Thanh Hóa, Vĩnh Long khẩn trương hoàn thành, kết nối với cơ sở dữ liệu quốc gia về dân cư và các hệ thống thông tin của địa phương';

/** A row the matcher sent to review with a registered task on top, then the secretariat marked "new". */
function decidedNew(reportId: string): StoredRow {
  return {
    reportId, rowId: '0.13', table: 0,
    cells: { stt: '3', content: LONG, source: { row: 14 } },
    match: { taskId: '04/CT-TTg:B.2', score: 0.7, decision: 'review', candidates: [{ taskId: '04/CT-TTg:B.2', score: 0.7 }] },
    override: { action: 'new', at: '2024-06-14T00:00:00Z' },
  };
}

describe('consolidate: the secretariat\'s "new" stands', () => {
  const d = consolidate({
    asOf: w.AS_OF, tasks: w.tasks(), statuses: w.statuses(), reports: w.reports(), reviewRows: w.reviewRows(),
    unregisteredRows: [...w.unregisteredRows(), decidedNew('r1-cong-an')], contacts: w.contacts(),
    period: w.PERIOD, agencies: w.tableNames, generatedAt: '2024-06-17T01:00:00.000Z',
  });

  it('lists a review row marked new among tasks outside the registry, even though the matcher proposed a registered task', () => {
    expect(d.unregistered.map((r) => [r.fileName, r.rowId])).toEqual([['r2-y-te.docx', '0.9'], ['r1-cong-an.docx', '0.13']]);
  });

  it('names rows by file, table and STT, with the review id, and cuts long text at a word with an ellipsis', () => {
    const text = renderText(d);
    expect(text).toContain('· r1-cong-an.docx, bảng 1, STT 3 [r1-cong-an/0.13]: Ủy ban nhân dân các tỉnh');
    expect(text).not.toContain('(dòng 0.13)');
    const line = text.split('\n').find((l) => l.includes('[r1-cong-an/0.13]'))!;
    expect(line.endsWith('…')).toBe(true);
    const shown = line.slice(line.indexOf(']: ') + 3, -1);
    expect(LONG.startsWith(shown)).toBe(true);
    expect(LONG[shown.length]).toMatch(/[\s,]/); // cut between words, not inside one
    const html = renderHtml(d);
    expect(html).toContain('r1-cong-an.docx, bảng 1, STT 3');
    expect(html).toContain('r1-cong-an/0.13');
  });
});

describe('previewDigest from the store', () => {
  let stack: LocalStack;
  let store: Store;
  beforeAll(async () => {
    stack = await startLocalStack({ dataDir: null, deliverEvents: false });
    store = dynamoStore(loadConfig(stack.env));
    await store.putTasks(w.tasks());
    // the matcher found no new rows in this report (counts.new 0), one row for review, later marked new
    await store.createReport({ ...w.report('r5-cong-an', 'bo-cong-an', '2024-06-14'), counts: { tables: 1, rows: 1, auto: 0, review: 1, new: 0 } });
    await store.putRows([decidedNew('r5-cong-an')]);
  });
  afterAll(async () => { await stack?.stop(); });

  it('counts it in summary.json "new" although the report\'s own counts had none', async () => {
    const out = mkdtempSync(join(tmpdir(), 'digest-decided-'));
    const { summary } = await previewDigest({ store, asOf: w.AS_OF, outDir: out });
    expect(summary.new).toBe(1);
    expect(summary.review).toBe(0);
  });

  it('a preview for a meeting addresses digest.eml to the meeting\'s recipients, the secretariat only as fallback', async () => {
    await addMeeting(store, { id: 'giao-ban', date: '2024-06-20', title: 'Giao ban', recipients: ['lanh-dao@example.gov.vn'] });
    const out = mkdtempSync(join(tmpdir(), 'digest-to-'));
    const { files } = await previewDigest({ store, asOf: w.AS_OF, meetingId: 'giao-ban', outDir: out, to: ['to-thu-ky@example.gov.vn'] });
    const mail = await simpleParser(readFileSync(files.eml));
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('lanh-dao@example.gov.vn');
    const plain = await previewDigest({ store, asOf: w.AS_OF, outDir: out, to: ['to-thu-ky@example.gov.vn'] });
    const mail2 = await simpleParser(readFileSync(plain.files.eml));
    expect(mail2.to && !Array.isArray(mail2.to) ? mail2.to.text : '').toBe('to-thu-ky@example.gov.vn');
  });
});

describe('task order in the digest and its Phụ lục 01 sheet', () => {
  it('lists tasks by directive date, then section and STT in natural order (A.2 before A.10), whatever order the store gave', () => {
    const base = w.tasks().slice(0, 1)[0]!;
    const mk = (id: string, number: string, date: string) => ({ ...base, id, stt: id.split('.').pop()!, directive: { ...base.directive, number, date } });
    const tasks = [
      mk('04/CT-TTg:A.10', '04/CT-TTg', '2024-02-11'), mk('04/CT-TTg:A.2', '04/CT-TTg', '2024-02-11'),
      mk('05/CT-TTg:B.1', '05/CT-TTg', '2023-02-23'), mk('04/CT-TTg:A.1', '04/CT-TTg', '2024-02-11'),
    ];
    const d = consolidate({
      asOf: w.AS_OF, tasks, statuses: [], reports: [], reviewRows: [], unregisteredRows: [], contacts: [],
      agencies: w.tableNames, generatedAt: '2024-06-17T01:00:00.000Z',
    });
    expect(d.tasks.map((t) => t.taskId)).toEqual(['05/CT-TTg:B.1', '04/CT-TTg:A.1', '04/CT-TTg:A.2', '04/CT-TTg:A.10']);
  });
});

describe('a late task whose only report comes from another agency', () => {
  it('names that agency beside the result, so "Đã hoàn thành" under a late task is not read as the lead\'s word', () => {
    const task = w.tasks()[0]!; // 04/CT-TTg:A.1, Bộ Công an, due 2023
    const d = consolidate({
      asOf: w.AS_OF, tasks: [task], reports: w.reports(), reviewRows: [], unregisteredRows: [], contacts: [],
      statuses: [w.entry(task.id, 'r2-y-te', 'bo-y-te', '2024-06-12', 'completed', 'Đã hoàn thành phần việc của Bộ Y tế')],
      agencies: w.tableNames, generatedAt: '2024-06-17T01:00:00.000Z',
    });
    expect(d.totals.overdue).toBe(1);
    const line = d.lateGroups[0]!.tasks[0]!;
    expect(line.latest?.otherAgencyName).toBe('Bộ Y tế');
    expect(renderText(d)).toContain('r2-y-te.docx, ngày 12/06/2024 — theo báo cáo của Bộ Y tế');
    // the lead's own report is not annotated
    const own = consolidate({
      asOf: w.AS_OF, tasks: [task], reports: w.reports(), reviewRows: [], unregisteredRows: [], contacts: [],
      statuses: [w.entry(task.id, 'r1-cong-an', 'bo-cong-an', '2024-06-10', 'not_completed', 'Đang thực hiện')],
      agencies: w.tableNames, generatedAt: '2024-06-17T01:00:00.000Z',
    });
    expect(own.lateGroups[0]!.tasks[0]!.latest?.otherAgencyName).toBeUndefined();
  });
});

describe('a roadmap with a target year', () => {
  it('"Đề ra lộ trình hoàn thành đến năm 2025" is late after 2025 if not completed; a roadmap without a year never is', () => {
    const withYear = w.task('A', '12', 'Đề ra lộ trình hoàn thành đến năm 2025', ['bo-cong-an']);
    const noYear = w.task('A', '13', 'Theo lộ trình của Đề án do Bộ Công an đề xuất', ['bo-cong-an']);
    const run = (asOf: string) => consolidate({
      asOf, tasks: [withYear, noYear], reports: [], reviewRows: [], unregisteredRows: [], contacts: [], statuses: [],
      agencies: w.tableNames, generatedAt: '2026-03-01T01:00:00.000Z',
    });
    expect(run('2025-06-01').totals).toMatchObject({ overdue: 0, inProgress: 2 });
    const late = run('2026-03-01');
    expect(late.totals).toMatchObject({ overdue: 1, inProgress: 1 });
    const line = late.lateGroups[0]!.tasks[0]!;
    expect([line.taskId, line.due, line.lateSince]).toEqual(['04/CT-TTg:A.12', '2025-12-31', '2025-12']);
    expect(renderText(late)).toContain('Đề ra lộ trình hoàn thành đến năm 2025 (hạn 31/12/2025)');
  });
});

describe('entries that are no evidence', () => {
  const task = w.tasks()[3]!; // 04/CT-TTg:B.2, Bộ Công an, due 04/2024
  const done = w.entry(task.id, 'r1-cong-an', 'bo-cong-an', '2024-06-10', 'completed', 'Đã hoàn thành');
  const blank = { ...w.entry(task.id, 'r3-cong-an', 'bo-cong-an', '2024-06-14', null), rowId: '0.9' };
  const run = (statuses: ReturnType<typeof w.statuses>) => consolidate({
    asOf: w.AS_OF, tasks: [task], statuses, reports: w.reports(), reviewRows: [], unregisteredRows: [], contacts: [],
    agencies: w.tableNames, generatedAt: '2024-06-17T01:00:00.000Z',
  });

  it('a later blank row (template row left empty) neither hides the earlier answer nor counts as a report', () => {
    expect(run([done, blank]).totals).toMatchObject({ completed: 1, overdue: 0, noReport: 0 });
    expect(run([blank]).totals).toMatchObject({ completed: 0, overdue: 1, noReport: 1 });
  });

  it('an entry the secretariat withdrew does not count', () => {
    expect(run([{ ...done, retractedAt: '2024-06-15T00:00:00Z' }]).totals).toMatchObject({ completed: 0, overdue: 1, noReport: 1 });
  });

  it('from the store: the blank row is the "latest" there, the digest still finds the answer before it', async () => {
    const stack2 = await startLocalStack({ dataDir: null, deliverEvents: false });
    try {
      const s = dynamoStore(loadConfig(stack2.env));
      await s.putTasks([task]);
      for (const r of w.reports()) await s.createReport(r);
      await s.appendStatus(done);
      await s.appendStatus(blank);
      const { summary } = await previewDigest({ store: s, asOf: w.AS_OF, outDir: mkdtempSync(join(tmpdir(), 'digest-blank-')) });
      expect(summary.totals).toMatchObject({ tasks: 1, completed: 1, overdue: 0, noReport: 0 });
    } finally {
      await stack2.stop();
    }
  });
});
