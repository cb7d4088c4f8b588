import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { readRegistry } from '#shared/registry';

const HEADER = ['STT', 'Nội dung, nhiệm vụ', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian hoàn thành', 'Sản phẩm'];
const ROWS: string[][] = [
  ['I', 'Nhiệm vụ chung của các bộ, ngành, địa phương', '', '', '', ''],
  ['1', 'Ban hành kế hoạch triển khai năm 2025', 'Các bộ, ngành, địa phương', '', 'Quý I/2025', 'Kế hoạch'],
  ['II', 'Nhiệm vụ cụ thể', '', '', '', ''],
  ['1', 'Kết nối Cơ sở dữ liệu hộ tịch với Cơ sở dữ liệu quốc gia về dân cư', 'Bộ Tư pháp', 'Bộ Công an', 'Tháng 6/2025', 'Dữ liệu được kết nối'],
  ['2', 'Triển khai Học bạ số', 'Bộ GD&ĐT', '', 'Thường xuyên', ''],
];

async function xlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục');
  ws.addRow(['PHỤ LỤC NHIỆM VỤ (Kèm theo Kế hoạch số 12/KH-BCA ngày 05 tháng 01 năm 2025)']);
  ws.addRow(HEADER);
  for (const r of ROWS) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function docx(): Promise<Uint8Array> {
  const row = (cells: string[]) => new TableRow({ children: cells.map((t) => new TableCell({ children: [new Paragraph(t)] })) });
  const doc = new Document({ sections: [{ children: [
    new Paragraph('Số: 12/KH-BCA'),
    new Paragraph('Hà Nội, ngày 05 tháng 01 năm 2025'),
    new Paragraph('KẾ HOẠCH'),
    new Paragraph('Triển khai Đề án 06 năm 2025'),
    new Table({ rows: [row(HEADER), ...ROWS.map(row)] }),
  ] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe('importing an appendix in other formats (through extract/readTables)', () => {
  it.each([['xlsx', xlsx], ['docx', docx]] as const)('%s: tasks with sections, agencies and deadlines', async (ext, make) => {
    const r = await readRegistry({ name: `phu-luc.${ext}`, bytes: await make() }, { directive: '12/KH-BCA', meta: { date: '2025-01-05', title: 'Triển khai Đề án 06 năm 2025' } });
    expect(r.reader).toBe('extract');
    expect(r.tasks.map((t) => t.id)).toEqual(['12/KH-BCA:I.1', '12/KH-BCA:II.1', '12/KH-BCA:II.2']);
    const t = r.tasks[1]!;
    expect(t.section).toEqual({ code: 'II', title: 'Nhiệm vụ cụ thể' });
    expect(t.lead.ids).toEqual(['bo-tu-phap']);
    expect(t.coord?.ids).toEqual(['bo-cong-an']);
    expect(t.deadline).toMatchObject({ kind: 'month', due: '2025-06-30' });
    expect(t.product).toBe('Dữ liệu được kết nối');
    expect(t.provenance.file).toBe(`phu-luc.${ext}`);
    expect(r.tasks[2]!.lead.ids).toEqual(['bo-giao-duc-va-dao-tao']);
    expect(r.directive).toEqual({ number: '12/KH-BCA', kind: 'Kế hoạch', date: '2025-01-05', title: 'Triển khai Đề án 06 năm 2025' });
  });

  it('says so when a document has no task table', async () => {
    const r = await readRegistry({ name: 'thu.txt', bytes: new TextEncoder().encode('Kính gửi các bộ.\n\nĐề nghị báo cáo.') }, { directive: '1/CV-X', meta: { date: '2025-01-01', title: 'x' } });
    expect(r.tasks).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toContain('no_tasks');
  });
});
