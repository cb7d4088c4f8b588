import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Task } from '#shared/domain/task';
import { extract } from '#shared/extract';
import {
  buildTemplate, directoryLookup, parsePeriod, STATUS_CHOICES, TASK_ID_HEADER, tasksForAgency,
} from '#shared/templates';

const CT04 = { number: '04/CT-TTg', kind: 'Chỉ thị', date: '2024-02-11', title: 'Chỉ thị 04' };
const QD142 = { number: '142/QĐ-VPCP', kind: 'Quyết định', date: '2024-03-16', title: 'QĐ 142' };

function task(id: string, stt: string, lead: string[], opts: { coord?: string[]; groups?: string[]; directive?: typeof CT04; section?: string; content?: string } = {}): Task {
  const directive = opts.directive ?? CT04;
  return {
    id, directive, stt,
    ...(opts.section ? { section: { code: opts.section, title: opts.section === 'A' ? 'Nhiệm vụ chung của các Bộ, ngành, địa phương' : 'Nhiệm vụ cụ thể của các Bộ, ngành' } } : {}),
    content: opts.content ?? `Nhiệm vụ ${id}: triển khai kết nối, chia sẻ dữ liệu với Cơ sở dữ liệu quốc gia về dân cư`,
    lead: { raw: lead.join(', ') || 'Các bộ, ngành', ids: lead, ...(opts.groups ? { groups: opts.groups } : {}) },
    coord: { raw: (opts.coord ?? []).join(', '), ids: opts.coord ?? [] },
    deadline: { kind: 'month', due: '2024-06-30', raw: 'Tháng 6/2024' },
    provenance: { file: 'test' },
  };
}

const TASKS: Task[] = [
  task('04/CT-TTg:B.12', '12', ['bo-tu-phap'], { section: 'B' }),
  task('04/CT-TTg:B.3', '3', ['bo-cong-an'], { section: 'B', coord: ['bo-tu-phap'] }),
  task('04/CT-TTg:A.1', '1', [], { section: 'A', groups: ['all_ministries'] }),
  task('04/CT-TTg:B.20', '20', ['bo-y-te'], { section: 'B' }),
  task('142/QĐ-VPCP:7', '7', ['bo-thong-tin-va-truyen-thong'], { directive: QD142, content: '=HYPERLINK("http://x")' }),
];

describe('periods', () => {
  it('reads the secretariat\'s period words', () => {
    expect(parsePeriod('6 tháng đầu năm 2024')).toMatchObject({ start: '2024-01-01', end: '2024-06-30' });
    expect(parsePeriod('6 tháng cuối năm 2024')).toMatchObject({ start: '2024-07-01', end: '2024-12-31' });
    expect(parsePeriod('Quý II/2024')).toMatchObject({ start: '2024-04-01', end: '2024-06-30' });
    expect(parsePeriod('năm 2025')).toMatchObject({ start: '2025-01-01', end: '2025-12-31' });
    expect(parsePeriod('9 thang dau nam 2024')).toMatchObject({ end: '2024-09-30' });
    expect(() => parsePeriod('sắp tới')).toThrow(/period/);
  });
});

describe('which tasks an agency gets', () => {
  it('lists lead, partner and group tasks, in directive order', async () => {
    const dir = await directoryLookup();
    const got = tasksForAgency(TASKS, 'bo-tu-phap', parsePeriod('6 tháng đầu năm 2024'), dir);
    expect(got.map((t) => [t.task.id, t.role, t.viaGroup])).toEqual([
      ['04/CT-TTg:A.1', 'lead', true],
      ['04/CT-TTg:B.3', 'coord', false],
      ['04/CT-TTg:B.12', 'lead', false],
    ]);
  });
  it('takes a group word\'s members from the one membership list the digest counts (groups.tsv)', async () => {
    const dir = await directoryLookup();
    const period = parsePeriod('6 tháng đầu năm 2024');
    const groupTask = (agencyId: string) => tasksForAgency(TASKS, agencyId, period, dir).some((t) => t.task.id === '04/CT-TTg:A.1');
    const { groupMemberships } = await import('#shared/agencies/groups');
    const members = groupMemberships().get('all_ministries')!.types!;
    for (const [id, type] of [['bo-tu-phap', 'ministry'], ['thanh-tra-chinh-phu', 'ministry_level'], ['bhxh-viet-nam', 'government_agency']] as const) {
      expect(dir.typeOf(id)).toBe(type);
      expect(groupTask(id), id).toBe(members.includes(type));
    }
    expect(groupTask('bhxh-viet-nam')).toBe(false);
  });
  it('follows the successor mapping as of the period', async () => {
    const dir = await directoryLookup();
    const in2024 = tasksForAgency(TASKS, 'bo-khoa-hoc-va-cong-nghe', parsePeriod('6 tháng đầu năm 2024'), dir);
    const in2025 = tasksForAgency(TASKS, 'bo-khoa-hoc-va-cong-nghe', parsePeriod('6 tháng cuối năm 2025'), dir);
    expect(in2024.map((t) => t.task.id)).not.toContain('142/QĐ-VPCP:7');
    expect(in2025.map((t) => t.task.id)).toContain('142/QĐ-VPCP:7');
  });
});

describe('the XLSX template', () => {
  it('locks the id column, offers the four statuses as a drop-down and protects the sheet', async () => {
    const built = await buildTemplate({ agencyId: 'bo-tu-phap', agencyName: 'Bộ Tư pháp', period: parsePeriod('6 tháng đầu năm 2024'), deadline: '2024-06-17', tasks: TASKS, dir: await directoryLookup(), formats: ['xlsx'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(built.files[0].bytes) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Phụ lục 01')!;
    let headerRow = 0;
    ws.eachRow((row, n) => { if (!headerRow && row.getCell(2).text === TASK_ID_HEADER) headerRow = n; });
    expect(headerRow).toBeGreaterThan(0);
    const headers = (ws.getRow(headerRow).values as unknown[]).slice(1);
    const idCol = headers.indexOf(TASK_ID_HEADER) + 1;
    const statusCol = headers.findIndex((h) => String(h).startsWith('Đánh giá')) + 1;
    const resultCol = headers.indexOf('Kết quả thực hiện') + 1;
    const ids: string[] = [];
    ws.eachRow((row, n) => {
      if (n <= headerRow) return;
      const id = row.getCell(idCol).text;
      if (!id || !/:/.test(id)) return;
      ids.push(id);
      expect(row.getCell(idCol).protection?.locked).not.toBe(false);
      expect(row.getCell(statusCol).protection?.locked).toBe(false);
      expect(row.getCell(resultCol).protection?.locked).toBe(false);
      const dv = row.getCell(statusCol).dataValidation;
      expect(dv?.type).toBe('list');
      expect(dv?.formulae?.[0]).toBe(`"${STATUS_CHOICES.join(',')}"`);
    });
    expect(ids).toEqual(['04/CT-TTg:A.1', '04/CT-TTg:B.3', '04/CT-TTg:B.12']);
    expect((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
    expect(wb.getWorksheet('Hướng dẫn')!.getRow(2).getCell(1).text).toContain('Bộ Tư pháp');
    expect(ws.getRow(2).getCell(1).text).toBe('THỐNG KÊ CÁC NHIỆM VỤ CỦA BỘ TƯ PHÁP THEO CÁC CHỈ THỊ, NGHỊ QUYẾT, THÔNG BÁO KẾT LUẬN');
  });

  it('neutralises formula-like task text', async () => {
    const built = await buildTemplate({ agencyId: 'bo-khoa-hoc-va-cong-nghe', agencyName: 'Bộ KH&CN', period: parsePeriod('năm 2025'), tasks: TASKS, dir: await directoryLookup(), formats: ['xlsx'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(built.files[0].bytes) as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    wb.getWorksheet('Phụ lục 01')!.eachRow((row) => row.eachCell((c) => cells.push(c.value)));
    expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
    expect(cells).toContain('\'=HYPERLINK("http://x")');
  });

  it('comes back readable: a filled template with a row deleted and a task added still yields every remaining id', async () => {
    const built = await buildTemplate({ agencyId: 'bo-tu-phap', agencyName: 'Bộ Tư pháp', period: parsePeriod('6 tháng đầu năm 2024'), tasks: TASKS, dir: await directoryLookup(), formats: ['xlsx'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(built.files[0].bytes) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Phụ lục 01')!;
    // the agency fills statuses, deletes one task, and types a new task (no id) in the spare rows
    const statusFor: Record<string, string> = { '04/CT-TTg:A.1': 'Hoàn thành', '04/CT-TTg:B.3': 'Đang triển khai', '04/CT-TTg:B.12': 'Chưa hoàn thành' };
    let deleteRow = 0;
    let spare = 0;
    ws.eachRow((row, n) => {
      const id = row.getCell(2).text;
      if (statusFor[id]) row.getCell(8).value = statusFor[id];
      if (id === '04/CT-TTg:B.3') deleteRow = n;
      if (!spare && !id && n > 6 && !row.getCell(1).text) spare = n;
    });
    ws.getRow(spare).getCell(3).value = 'Rà soát, cập nhật dữ liệu lý lịch tư pháp';
    ws.getRow(spare).getCell(8).value = 'Hoàn thành';
    ws.spliceRows(deleteRow, 1);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const result = await extract({ bytes, name: 'filled.xlsx' });
    const rows = result.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows);
    const byId = Object.fromEntries(rows.filter((r) => r.taskId).map((r) => [r.taskId, r.assessment]));
    expect(byId).toEqual({ '04/CT-TTg:A.1': 'Hoàn thành', '04/CT-TTg:B.12': 'Chưa hoàn thành' });
    expect(rows.some((r) => !r.taskId && r.content?.includes('lý lịch tư pháp'))).toBe(true);
  });
});

describe('the DOCX template', () => {
  it('is read back with the same columns and ids', async () => {
    const built = await buildTemplate({ agencyId: 'bo-tu-phap', agencyName: 'Bộ Tư pháp', period: parsePeriod('6 tháng đầu năm 2024'), tasks: TASKS, dir: await directoryLookup(), formats: ['docx'] });
    const result = await extract({ bytes: built.files[0].bytes, name: built.files[0].name });
    const t = result.tables.find((x) => x.kind === 'tasks')!;
    expect(t.columns.find((c) => c.header === TASK_ID_HEADER)?.role).toBe('task_id');
    expect(t.rows.map((r) => r.taskId)).toEqual(['04/CT-TTg:A.1', '04/CT-TTg:B.3', '04/CT-TTg:B.12']);
    expect(t.rows[0].section).toMatch(/^A\. /);
  });
});
