import { describe, expect, it } from 'vitest';
import { DirectiveNumber, directiveOf, kindOf, readDirectiveHeader, readDirectiveReference } from '#shared/registry';
import { looksLikeWrappedColumns, readWrappedColumns } from '#shared/registry/wrapped-columns';

describe('directive metadata', () => {
  it('normalises numbers and names the kind by their code', () => {
    expect(DirectiveNumber.parse('04 /CT-TTg')).toBe('04/CT-TTg');
    expect(DirectiveNumber.parse('142/QĐ-VPCP')).toBe('142/QĐ-VPCP');
    expect(DirectiveNumber.parse('59/2022/NĐ-CP')).toBe('59/2022/NĐ-CP');
    expect(DirectiveNumber.safeParse('chỉ thị bốn').success).toBe(false);
    expect([kindOf('04/CT-TTg'), kindOf('142/QĐ-VPCP'), kindOf('175/NQ-CP'), kindOf('12/KH-BCA')]).toEqual(['Chỉ thị', 'Quyết định', 'Nghị quyết', 'Kế hoạch']);
  });

  it('reads number, date and title from a header, on one line or spread over several', () => {
    const a = readDirectiveHeader('BỘ CÔNG AN\nSố: 12 /KH-BCA     Hà Nội, ngày 5 tháng 1 năm 2025\n\nKẾ HOẠCH\nTRIỂN KHAI ĐỀ ÁN 06\nNĂM 2025\nThực hiện Chỉ thị số 04/CT-TTg…');
    expect(a).toEqual({ number: '12/KH-BCA', kind: 'Kế hoạch', date: '2025-01-05', title: 'TRIỂN KHAI ĐỀ ÁN 06 NĂM 2025' });
    const b = readDirectiveHeader('Số: 05/CT-TTg\n|\nHà Nội, ngày 23\ntháng 02 năm 2023\n|\n**CHỈ THỊ****Về việc thúc đẩy chuyển đổi số**\n\nThực hiện …');
    expect(b).toEqual({ number: '05/CT-TTg', kind: 'Chỉ thị', date: '2023-02-23', title: 'Về việc thúc đẩy chuyển đổi số' });
  });

  it('reads a directive from a reference in another document, and the user’s values win', () => {
    const text = 'Căn cứ Nghị quyết số 175/NQ-CP ngày 30/10/2023 của Chính phủ phê duyệt Đề án Trung tâm dữ liệu quốc gia, …';
    expect(readDirectiveReference(text, '175/NQ-CP')).toEqual({ number: '175/NQ-CP', kind: 'Nghị quyết', date: '2023-10-30', title: 'phê duyệt Đề án Trung tâm dữ liệu quốc gia' });
    const { directive, from } = directiveOf(`Số: 4709/CV-TCTTKĐA\nngày 10 tháng 6 năm 2024\n${text}`, '175/NQ-CP', { title: 'Đề án TTDLQG' });
    expect(from).toBe('reference');
    expect(directive).toEqual({ number: '175/NQ-CP', kind: 'Nghị quyết', date: '2023-10-30', title: 'Đề án TTDLQG' });
  });
});

describe('wrapped-column layout (PDF text, columns one after another)', () => {
  const text = [
    'Số',
    'TT Tên nhiệm vụ Đơn vị chủ trì Cơ quan phối hợp Thời gian Sản phẩm',
    '',
    ...[1, 2, 3, 4].flatMap((n) => [`${n} Việc số ${n} làm cho xong`, 'trước khi hết hạn.', '', 'Cục', 'Kiểm', 'soát', '', 'TTHC', '', 'Bộ Tư pháp', '', 'Quý', 'I/2024', '', 'Báo cáo', 'trình TTg', '']),
    '5 Phối hợp đánh giá nhu cầu chuyển',
    'hạ tầng của VPCP',
    '',
    'Vụ',
    'Pháp',
    'luật',
    '',
    'Bộ Công an Theo lộ',
    'trình triển',
    'khai Nghị',
    'định 175',
    '',
    'lên Trung tâm dữ liệu quốc gia theo yêu',
    'cầu của Chính phủ',
  ].join('\n');

  it('is recognised, and not mistaken for tab-separated text', () => {
    expect(looksLikeWrappedColumns(text)).toBe(true);
    expect(looksLikeWrappedColumns('STT\tNội dung\n1\ta\n2\tb\n3\tc\n4\td\n5\te\n6\tf')).toBe(false);
  });

  it('splits each row into content, lead, coordination, deadline and product', () => {
    const [t] = readWrappedColumns(text);
    const rows = t!.grid.map((r) => r.map((c) => c.text));
    expect(rows[0]![0]).toBe('STT');
    expect(rows[1]).toEqual(['1', 'Việc số 1 làm cho xong trước khi hết hạn.', 'Cục Kiểm soát TTHC', 'Bộ Tư pháp', 'Quý I/2024', 'Báo cáo trình TTg']);
    // two columns on one line, and the content continued after the narrow columns (a page break)
    expect(rows[5]).toEqual(['5', 'Phối hợp đánh giá nhu cầu chuyển hạ tầng của VPCP lên Trung tâm dữ liệu quốc gia theo yêu cầu của Chính phủ', 'Vụ Pháp luật', 'Bộ Công an', 'Theo lộ trình triển khai Nghị định 175', '']);
    expect(t!.sources.map((s) => s.row)).toEqual([2, 4, 21, 38, 55, 72]);
  });
});
