/**
 * A small fixture world for the digest: a registry of 14 tasks, five reports from four agencies, status entries,
 * contacts and rows — with the numbers each rule should give as of 2024-06-17 worked out by hand in the tests.
 */
import { parseDeadline } from '#shared/deadlines';
import type { Task } from '#shared/domain/task';
import type { AgencyContact } from '#shared/domain/contact';
import type { Report, StatusEntry, StoredRow } from '#shared/domain/report';
import type { Status } from '#shared/domain/row';
import type { AgencyNames } from '#shared/digest/consolidate';

export const AS_OF = '2024-06-17';
export const PERIOD = { from: '2024-03-15', to: AS_OF };

/** Names as a plain table: the pure tests do not depend on the agency directory's data. */
export const NAMES: Record<string, string> = {
  'bo-cong-an': 'Bộ Công an',
  'bo-tu-phap': 'Bộ Tư pháp',
  'bo-y-te': 'Bộ Y tế',
  'tinh-thua-thien-hue': 'Tỉnh Thừa Thiên Huế',
};
export const tableNames: AgencyNames = {
  successorOn: (id) => id,
  nameOn: (id) => NAMES[id] ?? id,
};

const DIRECTIVE = { number: '04/CT-TTg', kind: 'Chỉ thị', date: '2024-02-11', title: 'Chỉ thị 04/CT-TTg' };

export function task(section: string, stt: string, deadline: string, leads: string[], extra: Partial<Task> = {}): Task {
  return {
    id: `04/CT-TTg:${section}.${stt}`,
    directive: DIRECTIVE,
    section: { code: section, title: section },
    stt,
    content: `Nhiệm vụ ${section}.${stt}: kết nối, chia sẻ dữ liệu với Cơ sở dữ liệu quốc gia về dân cư`,
    lead: { raw: leads.map((l) => NAMES[l] ?? l).join(', '), ids: leads },
    deadline: parseDeadline(deadline),
    provenance: { file: 'fixture' },
    ...extra,
  };
}

export function tasks(): Task[] {
  return [
    task('A', '1', 'Năm 2023', ['bo-cong-an']), //                 overdue, carried over
    task('A', '2', 'Tháng 12/2022', ['bo-tu-phap']), //            overdue, carried over, no report
    task('B', '1', 'Tháng 01/2024', ['bo-y-te']), //               overdue since 2024-01 (reported in progress)
    task('B', '2', 'Tháng 4/2024', ['bo-cong-an']), //             overdue since 2024-04
    task('B', '3', 'Tháng 4/2024', ['bo-y-te']), //                completed in this period
    task('B', '4', 'Tháng 5/2024', ['bo-tu-phap']), //             completed before the period
    task('B', '5', 'Quý II/2024', ['bo-y-te']), //                 in progress (due 30/06), no report
    task('B', '6', 'Thường xuyên', ['bo-cong-an']), //             recurring
    task('B', '7', 'Tháng 9/2024', ['bo-tu-phap']), //             in progress
    task('C', '1', 'Tháng 4/2024', ['tinh-thua-thien-hue']), //    overdue since 2024-04, no report
    task('B', '8', 'Tháng 6/2024', ['bo-cong-an', 'bo-y-te']), //  one lead completed, one not: in progress
    task('B', '9', '16/6/2024', ['bo-cong-an']), //                overdue since 2024-06 (its report is dated after asOf)
    task('B', '10', 'Tháng 12/2024', ['bo-y-te'], { directive: { ...DIRECTIVE, number: '99/CT-TTg', date: '2024-07-01' } }), // not yet assigned
    task('B', '11', 'Tháng 3/2024', ['bo-y-te'], { removed: { at: '2024-05-01T00:00:00Z' } }), // withdrawn
  ];
}

export function report(id: string, agencyId: string, reportDate: string, state: Report['state'] = 'processed'): Report {
  return {
    id, bucket: 'b', key: `uploads/${agencyId}/${id}.docx`, fileName: `${id}.docx`, size: 1, sha256: id,
    receivedAt: `${reportDate}T03:00:00.000Z`, state, agencyId, reportDate,
  };
}

export function reports(): Report[] {
  return [
    report('r0-tu-phap', 'bo-tu-phap', '2024-02-01'),
    report('r1-cong-an', 'bo-cong-an', '2024-06-10'),
    report('r2-y-te', 'bo-y-te', '2024-06-12'),
    report('r3-cong-an', 'bo-cong-an', '2024-06-18'),
    report('r4-hue', 'tinh-thua-thien-hue', '2024-06-11', 'failed'),
  ];
}

export function entry(taskId: string, reportId: string, agencyId: string, reportDate: string, status: Status | null, result?: string): StatusEntry {
  return { taskId, reportId, rowId: '0.1', agencyId, status, result, reportDate, recordedAt: `${reportDate}T04:00:00.000Z`, by: 'matcher' };
}

export function statuses(): StatusEntry[] {
  return [
    entry('04/CT-TTg:A.1', 'r1-cong-an', 'bo-cong-an', '2024-06-10', 'not_completed', 'Đang phối hợp xây dựng phương án kết nối'),
    entry('04/CT-TTg:B.1', 'r2-y-te', 'bo-y-te', '2024-06-12', 'in_progress', 'Đã hoàn thành 80% khối lượng'),
    entry('04/CT-TTg:B.2', 'r1-cong-an', 'bo-cong-an', '2024-06-10', 'not_completed'),
    entry('04/CT-TTg:B.3', 'r2-y-te', 'bo-y-te', '2024-06-12', 'completed', 'Đã hoàn thành'),
    entry('04/CT-TTg:B.4', 'r0-tu-phap', 'bo-tu-phap', '2024-02-01', 'completed'),
    entry('04/CT-TTg:B.6', 'r1-cong-an', 'bo-cong-an', '2024-06-10', 'recurring'),
    entry('04/CT-TTg:B.7', 'r0-tu-phap', 'bo-tu-phap', '2024-02-01', 'in_progress'),
    entry('04/CT-TTg:B.8', 'r1-cong-an', 'bo-cong-an', '2024-06-10', 'completed'),
    entry('04/CT-TTg:B.8', 'r2-y-te', 'bo-y-te', '2024-06-12', 'not_completed'),
    entry('04/CT-TTg:B.9', 'r3-cong-an', 'bo-cong-an', '2024-06-18', 'completed'),
  ];
}

export function contacts(): AgencyContact[] {
  return [
    { agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn'], domains: ['moj.gov.vn'] },
    { agencyId: 'bo-cong-an', emails: ['c06@bocongan.gov.vn'], domains: [] },
  ];
}

function row(reportId: string, rowId: string, decision: 'review' | 'new', content: string, override?: StoredRow['override']): StoredRow {
  return {
    reportId, rowId, table: 0,
    cells: { stt: rowId.split('.')[1], content, source: { row: Number(rowId.split('.')[1]) } },
    match: { taskId: null, score: decision === 'review' ? 0.6 : 0.1, decision, candidates: decision === 'review' ? [{ taskId: '04/CT-TTg:B.2', score: 0.6 }] : [] },
    override,
  };
}

export function reviewRows(): StoredRow[] {
  return [
    row('r1-cong-an', '0.7', 'review', 'Kết nối dữ liệu hộ tịch điện tử'),
    row('r2-y-te', '0.4', 'review', 'Số hóa hồ sơ sức khỏe', { action: 'accept', taskId: '04/CT-TTg:B.5', at: '2024-06-13T00:00:00Z' }),
  ];
}

export function unregisteredRows(): StoredRow[] {
  return [row('r2-y-te', '0.9', 'new', 'Triển khai sổ sức khỏe điện tử trên VNeID')];
}
