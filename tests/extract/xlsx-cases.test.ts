/**
 * XLSX cases from #14: a first data row whose cells repeat one value is data, not a title; a formula's cached 0 is
 * "0" (exceljs drops it; read from the sheet XML); a formula with no cached value is flagged.
 */
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '#shared/extract/xlsx';

async function book(build: (ws: ExcelJS.Worksheet) => void, patch?: (xml: string) => string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('Phụ lục 02'));
  const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  if (!patch) return bytes;
  const files = unzipSync(bytes);
  files['xl/worksheets/sheet1.xml'] = strToU8(patch(strFromU8(files['xl/worksheets/sheet1.xml']!)));
  return zipSync(files);
}

describe('readXlsx', () => {
  it('a first data row repeating one value ("1 | 1") is a row of the table, the text above its title', async () => {
    const bytes = await book((ws) => {
      ws.addRow(['Số nhiệm vụ theo quý']);
      ws.addRow([1, 1]);
      ws.addRow([2, 4]);
      ws.addRow([3, 7]);
    });
    const { tables } = await readXlsx(bytes);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.title).toBe('Số nhiệm vụ theo quý');
    expect(tables[0]!.grid.map((r) => r.map((c) => c.text))).toEqual([['1', '1'], ['2', '4'], ['3', '7']]);
    expect(tables[0]!.sources[0]).toEqual({ sheet: 'Phụ lục 02', row: 2 });
  });

  it('a one-value title row merged across the sheet stays the title', async () => {
    const bytes = await book((ws) => {
      ws.addRow(['BÁO CÁO', 'BÁO CÁO', 'BÁO CÁO']);
      ws.mergeCells('A1:C1');
      ws.addRow(['STT', 'Nội dung', 'Kết quả']);
      ws.addRow([1, 'Việc A', 'Hoàn thành']);
    });
    const { tables } = await readXlsx(bytes);
    expect(tables[0]!.title).toBe('BÁO CÁO');
    expect(tables[0]!.grid[0]!.map((c) => c.text)).toEqual(['STT', 'Nội dung', 'Kết quả']);
  });

  it("formula cells give their cached value, 0 included; one never calculated is flagged, not silently empty", async () => {
    const bytes = await book((ws) => {
      ws.addRow(['STT', 'Nội dung', 'Số lượng', 'Tỷ lệ']);
      ws.addRow([1, 'Việc A', 0, { formula: 'C2*2', result: 0 } as ExcelJS.CellFormulaValue]);
      ws.addRow([2, 'Việc B', 3, { formula: 'C3*2', result: 6 } as ExcelJS.CellFormulaValue]);
      ws.addRow([3, 'Việc C', 3, { formula: 'C4*2' } as ExcelJS.CellFormulaValue]);
      ws.addRow([4, 'Việc D', 3, { formula: 'IF(C5>0,"Đạt","")', result: 'Đạt' } as ExcelJS.CellFormulaValue]);
    }, (xml) => {
      expect(xml).toMatch(/<f>C2\*2<\/f><v>0<\/v>/); // the file does hold the cached 0
      return xml;
    });
    const { tables, warnings } = await readXlsx(bytes);
    expect(tables[0]!.grid.map((r) => r[3]!.text)).toEqual(['Tỷ lệ', '0', '6', '', 'Đạt']);
    expect(warnings.map((w) => w.code)).toEqual(['xlsx_formula_no_value']);
    expect(warnings[0]!.message).toMatch(/^1 formula/);
  });

  it('a cached string result exceljs leaves out is read from the XML as text', async () => {
    const bytes = await book((ws) => {
      ws.addRow(['STT', 'Nội dung', 'Ghi chú']);
      ws.addRow([1, 'Việc A', { formula: 'B2' } as ExcelJS.CellFormulaValue]);
    }, (xml) => xml.replace(/<c r="C2"([^>]*)><f>B2<\/f><\/c>/, '<c r="C2"$1 t="str"><f>B2</f><v>Việc A &amp; B</v></c>'));
    const { tables, warnings } = await readXlsx(bytes);
    expect(tables[0]!.grid[1]![2]!.text).toBe('Việc A & B');
    expect(warnings).toEqual([]);
  });
});
