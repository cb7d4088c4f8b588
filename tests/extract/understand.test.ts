/** Table understanding on grids built by hand: header, roles, sections, continuation rows, kind. */
import { describe, expect, it } from 'vitest';
import type { GridCell, RawTable } from '#shared/extract/model';
import { understandTables } from '#shared/understand';
import { roleOfText, isMark } from '#shared/understand/roles';
import { joinLines } from '#shared/extract/html';

const c = (text: string, extra: Partial<GridCell> = {}): GridCell => ({ text, raw: text, ...extra });
const table = (rows: Array<Array<string | GridCell>>, opts: { page?: number; title?: string } = {}): RawTable => ({
  index: 0,
  ...(opts.title ? { title: opts.title } : {}),
  grid: rows.map((r) => r.map((x) => (typeof x === 'string' ? c(x) : x))),
  sources: rows.map((_, i) => ({ row: i + 1, ...(opts.page ? { page: opts.page } : {}) })),
});
const HEAD = ['STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn', 'Kết quả thực hiện'];

describe('column roles', () => {
  it('reads Vietnamese header words case- and diacritics-insensitively', () => {
    expect(roleOfText('Số TT')).toBe('stt');
    expect(roleOfText('NỘI DUNG, NHIỆM VỤ')).toBe('content');
    expect(roleOfText('Nhiem vu duoc giao')).toBe('content');
    expect(roleOfText('Tên nhiệm vụ')).toBe('content');
    expect(roleOfText('Văn bản chỉ đạo')).toBe('refs');
    expect(roleOfText('Đơn vị thực hiện')).toBe('lead');
    expect(roleOfText('Cơ quan chủ trì')).toBe('lead');
    expect(roleOfText('Đơn vị phối hợp')).toBe('coord');
    expect(roleOfText('Thời gian hoàn thành')).toBe('deadline');
    expect(roleOfText('Thời hạn')).toBe('deadline');
    expect(roleOfText('Sản phẩm')).toBe('product');
    expect(roleOfText('Tình hình thực hiện')).toBe('result');
    expect(roleOfText('Tiến độ')).toBe('result');
    expect(roleOfText('Hoàn thành')).toBe('mark_completed');
    expect(roleOfText('Chưa hoàn thành')).toBe('mark_not_completed');
    expect(roleOfText('Thực hiện thường xuyên')).toBe('mark_recurring');
    expect(roleOfText('Đang triển khai')).toBe('mark_in_progress');
    expect(roleOfText('Đánh giá')).toBe('assessment');
    expect(roleOfText('Nguy cơ chậm tiến độ')).toBe('risk');
    expect(roleOfText('Ghi chú')).toBe('note');
    expect(roleOfText('Kinh phí (triệu đồng)')).toBe('extra');
    expect(roleOfText('Đơn vị chủ trì/phối hợp')).toBe('lead');
    expect(roleOfText('Cơ quan phối hợp')).toBe('coord');
    expect(roleOfText('Số, ký hiệu văn bản')).toBe('refs');
    expect(roleOfText('Sản phẩm (văn bản)')).toBe('product');
    expect(roleOfText('Nhiệm vụ được giao')).toBe('content');
    expect(roleOfText('Tình trạng')).toBe('result');
    expect(roleOfText('Hoàn thành quá hạn')).toBe('mark_completed');
  });

  it('status marks: x, X, ✓', () => {
    for (const m of ['x', 'X', '✓', ' x ']) expect(isMark(m)).toBe(true);
    for (const m of ['', 'xong', 'Không']) expect(isMark(m)).toBe(false);
  });

  it('wrapped lines join with a space, but not after a hyphen or slash', () => {
    expect(joinLines(['Kết nối dữ liệu', 'dân cư'])).toBe('Kết nối dữ liệu dân cư');
    expect(joinLines(['giai đoạn 2023-', '2025'])).toBe('giai đoạn 2023-2025');
    expect(joinLines(['VNeID/', 'Cổng Dịch vụ công'])).toBe('VNeID/Cổng Dịch vụ công');
  });
});

describe('rows', () => {
  it('sections from letters, roman numerals and a title alone set `section`', () => {
    const { tables } = understandTables([table([
      HEAD,
      ['A', 'NHIỆM VỤ CHUNG', c('NHIỆM VỤ CHUNG', { covered: true, span: 'col' }), '', ''],
      ['1', 'Nhiệm vụ một', 'Bộ Tư pháp', '2024', 'Xong'],
      ['II.', 'Nhiệm vụ cụ thể', '', '', ''],
      ['1', 'Nhiệm vụ hai', 'Bộ Y tế', '2025', ''],
      ['Nhiệm vụ phát sinh', c('Nhiệm vụ phát sinh', { covered: true, span: 'col' }), c('Nhiệm vụ phát sinh', { covered: true, span: 'col' }), c('Nhiệm vụ phát sinh', { covered: true, span: 'col' }), c('Nhiệm vụ phát sinh', { covered: true, span: 'col' })],
      ['2', 'Nhiệm vụ ba', 'Bộ Y tế', '2025', ''],
    ])]);
    expect(tables[0]!.kind).toBe('tasks');
    expect(tables[0]!.rows.map((r) => [r.stt, r.section])).toEqual([
      ['1', 'A. NHIỆM VỤ CHUNG'],
      ['1', 'II. Nhiệm vụ cụ thể'],
      ['2', 'Nhiệm vụ phát sinh'],
    ]);
  });

  it('a row split by a page break (empty STT) is merged back; the repeated header and numbering row are dropped', () => {
    const t = table([
      HEAD,
      ['(1)', '(2)', '(3)', '(4)', '(5)'],
      ['1', 'Rà soát, chuẩn hóa mẫu đơn, tờ khai theo hướng cắt giảm', 'Bộ Tư pháp', 'Tháng 6/', 'Đang'],
      HEAD,
      ['', 'tối thiểu 20% thông tin', '', '2024', 'triển khai'],
      ['2', 'Kết nối dữ liệu', 'Bộ Y tế', 'Năm 2025', 'Hoàn thành'],
    ], { page: 3 });
    const rows = understandTables([t]).tables[0]!.rows;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      stt: '1',
      content: 'Rà soát, chuẩn hóa mẫu đơn, tờ khai theo hướng cắt giảm tối thiểu 20% thông tin',
      deadline: 'Tháng 6/2024',
      result: 'Đang triển khai',
      source: { page: 3, row: 3, rows: [{ page: 3, row: 3 }, { page: 3, row: 5 }] },
    });
    expect(rows[0]!.raw?.content).toBe('Rà soát, chuẩn hóa mẫu đơn, tờ khai theo hướng cắt giảm\ntối thiểu 20% thông tin');
  });

  it('a two-row merged header with status sub-columns gives statusMark; unknown columns go to extra', () => {
    const K = (s: string) => c(s, { covered: true, span: 'col' });
    const D = (s: string) => c(s, { covered: true, span: 'row' });
    const t = table([
      ['TT', 'Tên nhiệm vụ', 'Kết quả', K('Kết quả'), K('Kết quả'), 'Kinh phí'],
      [D('TT'), D('Tên nhiệm vụ'), 'Hoàn thành', 'Chưa hoàn thành', 'Đang triển khai', D('Kinh phí')],
      ['1', 'Nhiệm vụ một', 'x', '', '', '100'],
      ['2', 'Nhiệm vụ hai', '', '', '✓', ''],
      ['3', 'Nhiệm vụ ba', 'x', 'X', '', ''],
    ]);
    const { tables, warnings } = understandTables([t]);
    expect(tables[0]!.columns.map((col) => col.role)).toEqual(['stt', 'content', 'mark_completed', 'mark_not_completed', 'mark_in_progress', 'extra']);
    expect(tables[0]!.rows.map((r) => r.statusMark)).toEqual(['completed', 'in_progress', 'completed']);
    expect(tables[0]!.rows[0]!.extra).toEqual({ 'Kinh phí': '100' });
    expect(warnings.map((w) => w.code)).toContain('several_marks');
  });

  it('title rows inside the table above the header become the title', () => {
    const t = table([['PHỤ LỤC 01', c('PHỤ LỤC 01', { covered: true, span: 'col' }), c('PHỤ LỤC 01', { covered: true, span: 'col' }), c('PHỤ LỤC 01', { covered: true, span: 'col' }), c('PHỤ LỤC 01', { covered: true, span: 'col' })], HEAD, ['1', 'Nhiệm vụ', 'Bộ', '2024', '']]);
    const out = understandTables([t]).tables[0]!;
    expect(out.title).toBe('PHỤ LỤC 01');
    expect(out.rows).toHaveLength(1);
  });

  it('tables that are not task lists are "other" and their rows kept apart', () => {
    const stats = table([['STT', 'Tên dịch vụ công', 'Số hồ sơ'], ['1', 'Đăng ký khai sinh', '120']]);
    const sign = table([['Nơi nhận: - Như trên', 'KT. BỘ TRƯỞNG THỨ TRƯỞNG']]);
    const { tables } = understandTables([stats, { ...sign, index: 1 }]);
    expect(tables.map((t) => t.kind)).toEqual(['other', 'other']);
    expect(tables[0]!.rows[0]!.content).toBeUndefined();
    expect(tables[0]!.rows[0]!.extra).toEqual({ STT: '1', 'Tên dịch vụ công': 'Đăng ký khai sinh', 'Số hồ sơ': '120' });
  });

  it('a headerless table right after a task table with the same columns continues it', () => {
    const first = table([HEAD, ['I', 'Nhiệm vụ chung', '', '', ''], ['1', 'Nhiệm vụ một', 'Bộ', '2024', '']]);
    const second = { ...table([['2', 'Nhiệm vụ hai', 'Bộ', '2025', ''], ['3', 'Nhiệm vụ ba', 'Bộ', '2025', '']]), index: 1 };
    const { tables, warnings } = understandTables([first, second]);
    expect(tables.map((t) => t.kind)).toEqual(['tasks', 'tasks']);
    expect(tables[1]!.rows.map((r) => [r.stt, r.section])).toEqual([['2', 'I. Nhiệm vụ chung'], ['3', 'I. Nhiệm vụ chung']]);
    expect(warnings.map((w) => w.code)).toContain('table_continued');
  });
});

describe('empty STT: continuation or a task without a number', () => {
  const base = [HEAD, ['1', 'Nhiệm vụ một', 'Bộ Tư pháp', '2024', '']];
  it('same page, own capitalised content → a separate (unnumbered) task row', () => {
    const t = table([...base, ['', 'Nhiệm vụ bổ sung không đánh số', 'Bộ Y tế', '2025', '']], { page: 1 });
    expect(understandTables([t]).tables[0]!.rows.map((r) => r.content)).toEqual(['Nhiệm vụ một', 'Nhiệm vụ bổ sung không đánh số']);
  });
  it('text starting in lower case continues the row above', () => {
    const t = table([...base, ['', 'và các đơn vị liên quan', '', '', '']]);
    expect(understandTables([t]).tables[0]!.rows.map((r) => r.content)).toEqual(['Nhiệm vụ một và các đơn vị liên quan']);
  });
  it('a row at the top of the next page continues the row above, even capitalised', () => {
    const t: RawTable = { ...table([...base, ['', 'Cổng Dịch vụ công quốc gia', '', '', '']]) };
    t.sources = [{ page: 1, row: 1 }, { page: 1, row: 2 }, { page: 2, row: 1 }];
    const rows = understandTables([t]).tables[0]!.rows;
    expect(rows.map((r) => r.content)).toEqual(['Nhiệm vụ một Cổng Dịch vụ công quốc gia']);
    expect(rows[0]!.source.rows).toEqual([{ page: 1, row: 2 }, { page: 2, row: 1 }]);
  });
});

describe('one text alone in a row', () => {
  it('numbered table: a short title in the content column is a section; lower case reads on', () => {
    const t = table([HEAD, ['1', 'Nhiệm vụ một', 'Bộ', '2024', ''], ['', 'Nhiệm vụ giao tại Chỉ thị 04/CT-TTg', '', '', ''], ['2', 'Nhiệm vụ hai', 'Bộ', '2025', ''], ['', 'và các bộ, ngành liên quan', '', '', '']]);
    const rows = understandTables([t]).tables[0]!.rows;
    expect(rows.map((r) => [r.stt, r.content, r.section])).toEqual([
      ['1', 'Nhiệm vụ một', undefined],
      ['2', 'Nhiệm vụ hai và các bộ, ngành liên quan', 'Nhiệm vụ giao tại Chỉ thị 04/CT-TTg'],
    ]);
  });
  it('unnumbered table: content alone is a task row, not a section', () => {
    const t = table([['Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Kết quả'], ['Rà soát thủ tục hành chính', 'Bộ Tư pháp', 'Xong'], ['Kết nối dữ liệu dân cư', '', '']]);
    expect(understandTables([t]).tables[0]!.rows.map((r) => r.content)).toEqual(['Rà soát thủ tục hành chính', 'Kết nối dữ liệu dân cư']);
  });
});

describe('several tables in one grid', () => {
  it('a second, different header starts a new table (its title rows go with it)', () => {
    const t = table([
      HEAD,
      ['1', 'Nhiệm vụ một', 'Bộ', '2024', ''],
      ['PHỤ LỤC 02', '', '', '', ''],
      ['TT', 'Nội dung', 'Đơn vị phối hợp', 'Sản phẩm', 'Ghi chú'],
      ['1', 'Việc khác', 'Bộ Y tế', 'Báo cáo', ''],
    ], { title: 'Phụ lục 01' });
    const { tables } = understandTables([t]);
    expect(tables.map((x) => [x.index, x.kind, x.title, x.rows.length])).toEqual([[0, 'tasks', 'Phụ lục 01', 1], [1, 'tasks', 'PHỤ LỤC 02', 1]]);
    expect(tables[1]!.columns.map((c) => c.role)).toEqual(['stt', 'content', 'coord', 'product', 'note']);
    expect(tables[1]!.rows[0]!.source.row).toBe(5);
  });
});
