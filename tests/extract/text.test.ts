import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readTextTables, cellText } from '#shared/extract/text';

const seed = (name: string) => readFileSync(new URL(`../../seeds/sources/${name}`, import.meta.url), 'utf8');
const texts = (row: { text: string }[]) => row.map((c) => c.text);

describe('readTextTables: tab-separated', () => {
  const tsv = [
    'PHỤ LỤC',
    'Danh sách nhiệm vụ',
    '',
    'STT\tNội dung\tĐơn vị chủ trì\tThời hạn',
    'A\t<b>Nhiệm vụ chung</b>\t\t',
    '1\t<p>Xây dựng kế hoạch</p>\tBộ Công an\tQuý I/2024',
    '2\tKết nối dữ liệu\tBộ Tư',
    '',
    '\t\tpháp\t',
    '3\t**Rà soát**\tBộ Y tế\tThường xuyên',
    '',
    'Nơi nhận:',
    '- Lưu VT.',
  ].join('\n');
  const [t] = readTextTables(tsv);

  it('reads one table across the blank page-break line, keeping the continuation row with its line number', () => {
    expect(readTextTables(tsv)).toHaveLength(1);
    expect(t!.grid).toHaveLength(6);
    expect(t!.sources.map((s) => s.row)).toEqual([4, 5, 6, 7, 9, 10]);
    expect(texts(t!.grid[4]!)).toEqual(['', '', 'pháp', '']);
  });

  it('drops markup from text and keeps the raw cell', () => {
    expect(t!.grid[1]![1]).toEqual({ text: 'Nhiệm vụ chung', raw: '<b>Nhiệm vụ chung</b>' });
    expect(t!.grid[2]![1]!.text).toBe('Xây dựng kế hoạch');
    expect(t!.grid[5]![1]!.text).toBe('Rà soát');
  });

  it('pads short rows and takes the lines above as the title', () => {
    expect(t!.grid.every((r) => r.length === 4)).toBe(true);
    expect(t!.title).toBe('PHỤ LỤC Danh sách nhiệm vụ');
  });

  it('starts a new table at a different header after a gap, but not at the same header repeated', () => {
    const s = 'STT\tNội dung\n1\ta\n\nSTT\tNội dung\n2\tb\n\nSTT\tDịch vụ\tTổng số\n1\tKhai sinh\t10';
    const tables = readTextTables(s);
    expect(tables.map((t) => t.grid.length)).toEqual([4, 2]);
    expect(tables[1]!.sources[0]!.row).toBe(7);
  });

  it('keeps a lone heading line between tab lines inside the table, and stops at prose', () => {
    const s = 'STT\tNội dung\n1\ta\n\nIII. Nhiệm vụ của các địa phương\n\n1\tb\n\nKết luận\n\nGhi chú\n\nX\tY\nZ\tW';
    const tables = readTextTables(s);
    expect(tables).toHaveLength(2);
    expect(texts(tables[0]!.grid[2]!)).toEqual(['III. Nhiệm vụ của các địa phương', '']);
    expect(tables[0]!.grid).toHaveLength(4);
    expect(tables[1]!.index).toBe(1);
  });
});

describe('readTextTables: one cell per block', () => {
  const blocks = [
    'Số: 05/CT-TTg', '|', 'Hà Nội, ngày 23', 'tháng 02 năm 2023', '|',
    'Văn bản dài', ...Array.from({ length: 100 }, (_, i) => `dòng ${i}`), '|',
    'PHỤ LỤC', 'STT', '|', 'Nội dung,', 'nhiệm vụ', '|', 'Đơn vị chủ trì', '|', 'Thời hạn', '|',
    'A', '|', 'Nhiệm vụ chung', '|',
    '1', '|', 'Quyết định 206/QĐ-', 'TTg về', 'liên thông', '|', 'Bộ Lao động -', 'Thương binh và Xã hội', '|', '|',
    '2', '|', 'Việc khác', '|', 'Bộ Công an', '|', 'Quý II/2024', '|',
  ].join('\n');
  const tables = readTextTables(blocks);
  const t = tables.find((x) => x.grid[0]![0]!.text === 'STT')!;

  it('takes the header width from the header blocks and splits rows by it, section rows short', () => {
    expect(texts(t.grid[0]!)).toEqual(['STT', 'Nội dung, nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn']);
    expect(texts(t.grid[1]!)).toEqual(['A', 'Nhiệm vụ chung', '', '']);
    expect(texts(t.grid[3]!)).toEqual(['2', 'Việc khác', 'Bộ Công an', 'Quý II/2024']);
    expect(t.title).toBe('PHỤ LỤC');
  });

  it('joins wrapped lines (no space after a line-final hyphen or slash unless spaced) and keeps empty cells', () => {
    expect(texts(t.grid[2]!)).toEqual(['1', 'Quyết định 206/QĐ-TTg về liên thông', 'Bộ Lao động - Thương binh và Xã hội', '']);
    expect(t.grid[2]![1]!.raw).toBe('Quyết định 206/QĐ-\nTTg về\nliên thông');
  });

  it('gives line numbers of each row\'s first cell', () => {
    const lines = blocks.split('\n');
    expect(t.sources.map((s) => lines[s.row - 1])).toEqual(['STT', 'A', '1', '2']);
  });

  it('keeps the letterhead blocks as a separate one-row table', () => {
    expect(tables[0]!.grid).toHaveLength(1);
    expect(texts(tables[0]!.grid[0]!)).toEqual(['Số: 05/CT-TTg', 'Hà Nội, ngày 23 tháng 02 năm 2023']);
  });
});

describe('readTextTables: one cell per block, numbering row under the header', () => {
  it('does not take "(1) (2) (3)" for header cells', () => {
    const text = ['STT', '|', 'Nội dung', '|', 'Thời hạn', '|', '(1)', '|', '(2)', '|', '(3)', '|', '1', '|', 'Việc', '|', 'Quý I/2024', '|'].join('\n');
    const [t] = readTextTables(text);
    expect(t!.grid.map(texts)).toEqual([['STT', 'Nội dung', 'Thời hạn'], ['(1)', '(2)', '(3)'], ['1', 'Việc', 'Quý I/2024']]);
  });
});

describe('readTextTables: markdown pipe tables and noise', () => {
  it('reads pipe tables and skips the rule line', () => {
    const [t] = readTextTables('## Bảng\n\n| STT | Nội dung |\n|---|---|\n| 1 | **Kết nối** |\n');
    expect(t!.grid.map(texts)).toEqual([['STT', 'Nội dung'], ['1', 'Kết nối']]);
    expect(t!.sources.map((s) => s.row)).toEqual([3, 5]);
  });
  it('finds nothing in prose', () => {
    expect(readTextTables('Kính gửi các bộ.\n\nĐề nghị báo cáo.')).toEqual([]);
  });
  it('cellText normalises to NFC and folds spaces', () => {
    expect(cellText('Ho\u0300a  Bi\u0300nh\n tỉnh')).toBe('Hòa Bình tỉnh');
  });
});

describe('readTextTables: the seed documents', () => {
  it('000 (Chỉ thị 04/CT-TTg): one table, header + 3 sections + 101 tasks + 4 page-split continuation rows', () => {
    const tables = readTextTables(seed('000_1e4b3cd2c785b43f.txt'));
    expect(tables).toHaveLength(1);
    const g = tables[0]!.grid;
    expect(g).toHaveLength(109);
    expect(g.filter((r) => r[0]!.text === '').length).toBe(4);
    expect(g.filter((r) => /^\d+$/.test(r[0]!.text)).length).toBe(101);
  });
  it('003 (Chỉ thị 05/CT-TTg): header + 3 sections + 72 tasks, six cells each', () => {
    const t = readTextTables(seed('003_fc6b95ce7bbd8ec1.txt')).find((x) => x.grid[0]![0]!.text === 'STT')!;
    expect(t.grid).toHaveLength(76);
    expect(t.grid.filter((r) => /^\d+$/.test(r[0]!.text)).length).toBe(72);
    expect(t.grid.filter((r) => /^[ABC]$/.test(r[0]!.text)).map((r) => r[1]!.text)).toEqual([
      'Nhiệm vụ của bộ, ngành, địa phương', 'Nhiệm vụ riêng của từng bộ, ngành', 'Nhiệm vụ riêng của từng địa phương',
    ]);
  });
  it('002 (51 late tasks): one table across page breaks with repeated headers', () => {
    const tables = readTextTables(seed('002_5d4564070445dda2.txt'));
    expect(tables).toHaveLength(1);
    const g = tables[0]!.grid;
    expect(g.filter((r) => r[0]!.text === 'STT').length).toBe(9);
    expect(g.filter((r) => /^\d+$/.test(r[0]!.text)).length).toBe(51);
  });
});
