import { describe, expect, it } from 'vitest';
import { classifyStatus, lateMonth, overdue, readStatus } from '#shared/match/status';
import { parseDeadline } from '#shared/deadlines';
import type { ReportRow } from '#shared/domain/row';

const row = (cells: Partial<ReportRow>): ReportRow => ({ source: { row: 1 }, ...cells });

describe('status from the result text', () => {
  it.each([
    // the traps of issue 5
    ['Chưa hoàn thành - Bộ Tư pháp đã hoàn thành kết nối phần mềm thuộc các lĩnh vực: lý lịch tư pháp', 'not_completed'],
    ['Bộ Kế hoạch và Đầu tư đã hoàn thành, các bộ ngành chưa hoàn thành', 'not_completed'],
    ['62/63 địa phương đã tích hợp', 'not_completed'],
    ['Đang trình Thủ tướng Chính phủ', 'in_progress'],
    ['Đã ban hành Quyết định số 610/QĐ-BYT ngày 14/3/2024', 'completed'],
    // seen in the fixtures and seed 002
    ['Chưa hoàn thành - đang hoàn thiện dự thảo', 'not_completed'],
    ['Đã hoàn thành kết nối 02/04 phần mềm, còn 02 phần mềm chưa kết nối', 'not_completed'],
    ['Bộ Giao thông vận tải, Bảo hiểm xã hội Việt Nam đã hoàn thành, còn Kiểm toán nhà nước chưa hoàn thành', 'not_completed'],
    ['Còn 12 TTHC thuộc trách nhiệm của 07 bộ ngành', 'not_completed'],
    ['Hiện nay mới chỉ triển khai rộng rãi tại Hà Nội', 'not_completed'],
    ['Chưa thực hiện', 'not_completed'],
    ['Đang thực hiện thường xuyên theo kế hoạch', 'recurring'],
    ['Thực hiện thường xuyên', 'recurring'],
    ['Đang triển khai', 'in_progress'],
    ['Đang xây dựng dự thảo, dự kiến hoàn thành trong Quý III/2024', 'in_progress'],
    ['Bộ Kế hoạch và Đầu tư đã ban hành dự thảo Tờ trình Chính phủ', 'in_progress'],
    ['Bộ Y tế đã có Công văn 2390/BYT-KCB ngày 08/5/2024 về việc triển khai thí điểm', 'in_progress'],
    ['Đã trao đổi với Bộ Công an để thống nhất phương án', 'in_progress'],
    ['Đã hoàn thành. Đã ban hành Quyết định số 306/QĐ-BTP ngày 20/3/2024', 'completed'],
    ['Đã hoàn thành kết nối, chia sẻ dữ liệu', 'completed'],
    ['Hoàn thành', 'completed'],
    // typed without diacritics; "đăng ký" is not "đang"
    ['Da hoan thanh. Da ban hanh Quyet dinh so 509/QD-BTP ngay 28/1/2024', 'completed'],
    ['Chua hoan thanh. Da hoan thanh ket noi 02/04 phan mem', 'not_completed'],
    ['Dang thuc hien', 'in_progress'],
    ['Thuc hien thuong xuyen', 'recurring'],
  ])('%s → %s', (text, want) => {
    expect(classifyStatus(text)).toBe(want);
  });

  it('states nothing when the text states no status', () => {
    expect(classifyStatus('Đăng ký khai sinh điện tử tại 63 tỉnh')).toBeNull();
    expect(classifyStatus('')).toBeNull();
  });

  it('does not read a date as a part of a whole', () => {
    expect(classifyStatus('Đã ban hành Kế hoạch số 12/KH-BTP ngày 13/6/2024')).toBe('completed');
  });
});

describe('readStatus', () => {
  it('takes the status mark first, then the assessment, then the result, and keeps the raw text and source', () => {
    expect(readStatus(row({ statusMark: 'completed', result: 'Chưa hoàn thành', raw: { mark_completed: 'X' } }))).toEqual({ value: 'completed', source: 'mark', raw: 'X — Hoàn thành' });
    expect(readStatus(row({ assessment: 'Thường xuyên', result: 'Đang thực hiện thường xuyên theo kế hoạch' }))).toEqual({ value: 'recurring', source: 'assessment', raw: 'Thường xuyên' });
    expect(readStatus(row({ assessment: '—', result: 'Đang trình Thủ tướng Chính phủ' }))).toEqual({ value: 'in_progress', source: 'result', raw: 'Đang trình Thủ tướng Chính phủ' });
    expect(readStatus(row({ result: 'Đã ban hành', raw: { result: 'Ðã ban hành' } })).raw).toBe('Ðã ban hành');
  });

  it('says none, with the text it could not read', () => {
    expect(readStatus(row({ result: 'Bộ Công thương có điểm đánh giá Khá' }))).toEqual({ value: null, source: 'none', raw: 'Bộ Công thương có điểm đánh giá Khá' });
    expect(readStatus(row({}))).toEqual({ value: null, source: 'none' });
  });
});

describe('overdue', () => {
  const due = parseDeadline('Tháng 4/2024');
  it('is not completed and past due', () => {
    expect(overdue('in_progress', due, '2024-06-14')).toBe(true);
    expect(overdue({ value: null, source: 'none' }, due, '2024-06-14')).toBe(true);
    expect(overdue('completed', due, '2024-06-14')).toBe(false);
    expect(overdue('not_completed', due, '2024-04-30')).toBe(false);
    expect(overdue('not_completed', parseDeadline('Thực hiện thường xuyên'), '2030-01-01')).toBe(false);
  });
  it('a roadmap with a target year is due at that year\'s end (as in the digest)', () => {
    const roadmap = parseDeadline('Đề ra lộ trình hoàn thành đến năm 2025');
    expect(overdue('in_progress', roadmap, '2025-12-31')).toBe(false);
    expect(overdue('in_progress', roadmap, '2026-01-01')).toBe(true);
  });
  it('gives the month the task counts as late from (the month it was due)', () => {
    expect(lateMonth('not_completed', due, '2024-06-14')).toBe('2024-04');
    expect(lateMonth('completed', due, '2024-06-14')).toBeUndefined();
  });
});
