/** Agencies merged in 2025: the digest names today's successor, and the agency named at assignment beside it. */
import { describe, expect, it } from 'vitest';
import { agencyDirectory } from '#shared/agencies/directory';
import { directoryNames } from '#shared/digest/agency-names';
import { consolidate } from '#shared/digest/consolidate';
import { leadLabel } from '#shared/digest/labels';
import { renderHtml } from '#shared/digest/render-html';
import * as w from '#testkit/digest-world';

const dir = agencyDirectory();
const khdt = dir.find('Bộ Kế hoạch và Đầu tư')!.id;
const btc = dir.find('Bộ Tài chính')!.id;
const tttt = dir.find('Bộ Thông tin và Truyền thông')!.id;

function world(asOf: string) {
  const tasks = [
    w.task('B', '1', 'Tháng 4/2024', [khdt], { lead: { raw: 'Bộ Kế hoạch và Đầu tư', ids: [khdt] } }),
    w.task('B', '2', 'Tháng 9/2024', [btc], { lead: { raw: 'Bộ Tài chính', ids: [btc] } }),
    w.task('B', '3', 'Tháng 12/2024', [tttt], { lead: { raw: 'Bộ Thông tin và Truyền thông', ids: [tttt] } }),
  ];
  const reports = [w.report('btc-2025', btc, '2025-06-01')];
  // Bộ Tài chính reports in 2025 on the task given to Bộ KH&ĐT in 2024
  const statuses = [w.entry('04/CT-TTg:B.1', 'btc-2025', btc, '2025-06-01', 'not_completed', 'Đang hoàn thiện')];
  return consolidate({
    asOf, tasks, statuses, reports, reviewRows: [], unregisteredRows: [], contacts: [],
    period: { from: '2025-03-15', to: asOf }, agencies: directoryNames(), generatedAt: `${asOf}T00:00:00Z`,
  });
}

describe('successor names', () => {
  it('names the successor today and the agency at assignment when it differs', () => {
    const d = world('2025-06-17');
    const late = d.lateGroups.flatMap((g) => g.tasks);
    const b1 = late.find((t) => t.taskId === '04/CT-TTg:B.1')!;
    expect(b1.leads).toEqual([{ id: btc, name: 'Bộ Tài chính', assignedId: khdt, assignedName: 'Bộ Kế hoạch và Đầu tư' }]);
    expect(leadLabel(b1)).toBe('Bộ Tài chính (khi giao: Bộ Kế hoạch và Đầu tư)');
    // an agency that did not change keeps one name
    expect(leadLabel(late.find((t) => t.taskId === '04/CT-TTg:B.2')!)).toBe('Bộ Tài chính');
    // Bộ TT&TT's task belongs to Bộ Khoa học và Công nghệ after the merger
    expect(leadLabel(late.find((t) => t.taskId === '04/CT-TTg:B.3')!)).toBe('Bộ Khoa học và Công nghệ (khi giao: Bộ Thông tin và Truyền thông)');
    expect(renderHtml(d)).toContain('Bộ Tài chính (khi giao: Bộ Kế hoạch và Đầu tư)');
  });

  it('counts the merged agencies\' tasks and reports under the successor', () => {
    const d = world('2025-06-17');
    expect(d.agencies.map((a) => a.id).sort()).toEqual([btc, dir.successorOn(tttt, '2025-06-17')].sort());
    const fin = d.agencies.find((a) => a.id === btc)!;
    expect(fin.counts).toMatchObject({ tasks: 2, overdue: 2, noReport: 1 });
    expect(fin.reported).toBe(true);
    // the report of the successor is the evidence of the predecessor's task
    expect(d.lateGroups.flatMap((g) => g.tasks).find((t) => t.taskId === '04/CT-TTg:B.1')?.latest?.fileName).toBe('btc-2025.docx');
  });

  it('uses the names of the time before the merger', () => {
    const d = world('2024-10-01');
    const b1 = d.lateGroups.flatMap((g) => g.tasks).find((t) => t.taskId === '04/CT-TTg:B.1')!;
    expect(leadLabel(b1)).toBe('Bộ Kế hoạch và Đầu tư');
    expect(d.agencies.map((a) => a.name).sort((a, b) => a.localeCompare(b, 'vi'))).toEqual(['Bộ Kế hoạch và Đầu tư', 'Bộ Tài chính', 'Bộ Thông tin và Truyền thông']);
  });
});
