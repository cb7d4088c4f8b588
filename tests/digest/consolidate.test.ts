import { describe, expect, it } from 'vitest';
import { consolidate, type ConsolidateInput } from '#shared/digest/consolidate';
import { toSummary } from '#shared/digest/summary';
import { renderText } from '#shared/digest/render-text';
import { Summary } from '#shared/digest/model';
import * as w from '#testkit/digest-world';

function input(over: Partial<ConsolidateInput> = {}): ConsolidateInput {
  return {
    asOf: w.AS_OF,
    tasks: w.tasks(),
    statuses: w.statuses(),
    reports: w.reports(),
    reviewRows: w.reviewRows(),
    unregisteredRows: w.unregisteredRows(),
    contacts: w.contacts(),
    meeting: { id: 'so-ket-6-thang', title: 'Hội nghị sơ kết 6 tháng đầu năm 2024', date: '2024-06-20' },
    period: w.PERIOD,
    agencies: w.tableNames,
    generatedAt: '2024-06-17T01:00:00.000Z',
    ...over,
  };
}

describe('consolidate: headline numbers of the fixture world on 2024-06-17', () => {
  const d = consolidate(input());

  it('counts tasks in force by category, and those without any report', () => {
    // 14 tasks: one assigned after asOf, one withdrawn → 12 in force
    expect(d.totals).toEqual({ tasks: 12, completed: 2, overdue: 6, inProgress: 3, recurring: 1, noReport: 4 });
    expect(d.totals.completed + d.totals.overdue + d.totals.inProgress + d.totals.recurring).toBe(d.totals.tasks);
  });

  it('reads a task with two leads as completed only when both say so', () => {
    expect(d.tasks.find((t) => t.taskId === '04/CT-TTg:B.8')?.category).toBe('inProgress');
  });

  it('ignores statuses reported after the digest date', () => {
    const b9 = d.tasks.find((t) => t.taskId === '04/CT-TTg:B.9')!;
    expect(b9.category).toBe('overdue');
    expect(b9.reported).toBe(false);
    const later = consolidate(input({ asOf: '2024-06-18', period: { from: w.PERIOD.from, to: '2024-06-18' } }));
    expect(later.tasks.find((t) => t.taskId === '04/CT-TTg:B.9')?.category).toBe('completed');
  });

  it('groups late tasks by when they became late: each earlier year carried over apart, then month by month', () => {
    expect(d.lateGroups.map((g) => [g.key, g.tasks.map((t) => t.taskId)])).toEqual([
      ['2022', ['04/CT-TTg:A.2']],
      ['2023', ['04/CT-TTg:A.1']],
      ['2024-01', ['04/CT-TTg:B.1']],
      ['2024-04', ['04/CT-TTg:B.2', '04/CT-TTg:C.1']],
      ['2024-06', ['04/CT-TTg:B.9']],
    ]);
    expect(d.lateGroups.map((g) => g.label)).toEqual([
      '01 nhiệm vụ chậm muộn từ năm 2022 chuyển sang',
      '01 nhiệm vụ chậm muộn từ năm 2023 chuyển sang',
      '01 nhiệm vụ chậm muộn từ tháng 01/2024',
      '02 nhiệm vụ chậm muộn từ tháng 04/2024',
      '01 nhiệm vụ chậm muộn từ tháng 06/2024',
    ]);
    const sum = d.lateGroups.reduce((s, g) => s + g.tasks.length, 0);
    expect(sum).toBe(d.totals.overdue);
  });

  it('keeps the latest result text and the report it came from on each late task', () => {
    const a1 = d.lateGroups[1].tasks.find((t) => t.taskId === '04/CT-TTg:A.1')!;
    expect(a1.latest).toMatchObject({ reportId: 'r1-cong-an', fileName: 'r1-cong-an.docx', reportDate: '2024-06-10', result: 'Đang phối hợp xây dựng phương án kết nối' });
    expect(a1.due).toBe('2023-12-31');
  });

  it('counts per agency by its own latest status, and who reported in the period', () => {
    const byId = new Map(d.agencies.map((a) => [a.id, a]));
    expect(byId.get('bo-cong-an')?.counts).toEqual({ tasks: 5, completed: 1, overdue: 3, inProgress: 0, recurring: 1, noReport: 1 });
    expect(byId.get('bo-y-te')?.counts).toEqual({ tasks: 4, completed: 1, overdue: 1, inProgress: 2, recurring: 0, noReport: 1 });
    expect(byId.get('bo-tu-phap')?.counts).toEqual({ tasks: 3, completed: 1, overdue: 1, inProgress: 1, recurring: 0, noReport: 1 });
    expect(byId.get('bo-cong-an')?.reports.map((r) => r.fileName)).toEqual(['r1-cong-an.docx']); // r3 is after asOf
    expect(byId.get('bo-y-te')?.reported).toBe(true);
  });

  it('lists agencies that have not reported this period, with their contacts (a failed upload is not a report)', () => {
    expect(d.notReported.map((a) => [a.id, a.emails])).toEqual([
      ['tinh-thua-thien-hue', []],
      ['bo-tu-phap', ['vanphong@moj.gov.vn']],
    ].sort((a, b) => w.NAMES[a[0] as string].localeCompare(w.NAMES[b[0] as string], 'vi')));
    expect(d.agencies.find((a) => a.id === 'tinh-thua-thien-hue')?.reports.map((r) => r.state)).toEqual(['failed']);
  });

  it('lists tasks newly completed in the period, review rows (not overridden) and unregistered tasks', () => {
    expect(d.newlyCompleted.map((t) => t.taskId)).toEqual(['04/CT-TTg:B.3']);
    expect(d.review.map((r) => r.rowId)).toEqual(['0.7']);
    expect(d.review[0].candidates[0].taskId).toBe('04/CT-TTg:B.2');
    expect(d.unregistered.map((r) => [r.fileName, r.rowId])).toEqual([['r2-y-te.docx', '0.9']]);
  });

  it('puts tasks in the Phụ lục 01 sections by their directive section', () => {
    const count = (s: string) => d.tasks.filter((t) => t.annexSection === s).length;
    expect([count('A'), count('B'), count('C')]).toEqual([2, 9, 1]);
  });

  it('writes summary.json in the agreed shape', () => {
    const s = toSummary(d);
    expect(Summary.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
    // additive: the old fields first, unchanged
    expect(Object.keys(s)).toEqual(['asOf', 'meeting', 'totals', 'late', 'agencies', 'lateGroups', 'review', 'new']);
    expect(s.late).toHaveLength(6);
    expect(s.late[0]).toEqual({
      taskId: '04/CT-TTg:A.2', lateSince: '2022-12', agency: 'bo-tu-phap', due: '2022-12-31',
      agencies: [{ id: 'bo-tu-phap', name: 'Bộ Tư pháp', status: 'not_reported', lateSince: '2022-12', result: null, reportId: null }],
      counts: { answering: 1, completed: 0, notCompleted: 0, notReported: 1 },
    });
    expect(s.late.find((l) => l.taskId === '04/CT-TTg:B.9')).toMatchObject({ taskId: '04/CT-TTg:B.9', lateSince: '2024-06', agency: 'bo-cong-an', due: '2024-06-16' });
    expect(s.late.find((l) => l.taskId === '04/CT-TTg:A.1')?.agencies).toEqual([
      { id: 'bo-cong-an', name: 'Bộ Công an', status: 'not_completed', lateSince: '2023-12', result: 'Đang phối hợp xây dựng phương án kết nối', reportId: 'r1-cong-an' },
    ]);
    expect(s.lateGroups?.map((g) => [g.label, g.tasks])).toEqual([
      ['01 nhiệm vụ chậm muộn từ năm 2022 chuyển sang', 1], ['01 nhiệm vụ chậm muộn từ năm 2023 chuyển sang', 1],
      ['01 nhiệm vụ chậm muộn từ tháng 01/2024', 1], ['02 nhiệm vụ chậm muộn từ tháng 04/2024', 2], ['01 nhiệm vụ chậm muộn từ tháng 06/2024', 1],
    ]);
    expect(s.review).toBe(1);
    expect(s.new).toBe(1);
    expect(s.meeting).toEqual({ id: 'so-ket-6-thang', title: 'Hội nghị sơ kết 6 tháng đầu năm 2024', date: '2024-06-20' });
  });

  it('writes the text as the secretariat does', () => {
    const text = renderText(d);
    expect(text).toContain('Tính đến nay, còn 06 nhiệm vụ chậm muộn, trong đó');
    expect(text).toContain('+ 01 nhiệm vụ chậm muộn từ năm 2022 chuyển sang');
    expect(text).toContain('+ 01 nhiệm vụ chậm muộn từ năm 2023 chuyển sang');
    expect(text).toContain('+ 02 nhiệm vụ chậm muộn từ tháng 04/2024');
    expect(text).toContain('Bộ Tư pháp — liên hệ: vanphong@moj.gov.vn');
  });
});

describe('consolidate: change since the previous digest', () => {
  it('reports the change in every headline number, newly late and newly completed tasks', () => {
    const before = consolidate(input({ asOf: '2024-06-11', period: { from: w.PERIOD.from, to: '2024-06-11' } }));
    const prev = toSummary(before);
    const d = consolidate(input({ previous: { asOf: '2024-06-11', summary: prev } }));
    expect(before.totals).toEqual({ tasks: 12, completed: 1, overdue: 6, inProgress: 4, recurring: 1, noReport: 6 });
    expect(d.previous?.change).toEqual({ tasks: 0, completed: 1, overdue: 0, inProgress: -1, recurring: 0, noReport: -2 });
    // B.9 fell due on 16/06; B.3 (late on 11/06) was completed on 12/06, after the previous digest; B.8 waits for its second lead
    expect(d.newlyLate).toEqual(['04/CT-TTg:B.9']);
    expect(d.newlyCompleted.map((t) => t.taskId)).toEqual(['04/CT-TTg:B.3']);
  });
});

describe('consolidate: tasks led by a group word', () => {
  const provinces = ['tinh-a', 'tinh-b'];
  const agencies = { ...w.tableNames, membersOn: (g: string) => (g === 'all_provinces' ? provinces : []) };
  const task = w.task('C', '9', 'Tháng 12/2024', [], { lead: { raw: 'UBND các tỉnh, thành phố', ids: [], groups: ['all_provinces'] } });
  const run = (statuses: ReturnType<typeof w.statuses>) => consolidate(input({ tasks: [task], statuses, agencies, reports: [], unregisteredRows: [], reviewRows: [] }));

  it('is completed only when every member has reported it completed, and counts per member', () => {
    const one = run([w.entry(task.id, 'r-a', 'tinh-a', '2024-06-10', 'completed')]);
    expect(one.totals).toMatchObject({ tasks: 1, completed: 0, inProgress: 1, noReport: 0 });
    expect(one.agencies.map((a) => [a.id, a.counts.completed, a.counts.inProgress])).toEqual([['tinh-a', 1, 0], ['tinh-b', 0, 1]]);
    const both = run([w.entry(task.id, 'r-a', 'tinh-a', '2024-06-10', 'completed'), w.entry(task.id, 'r-b', 'tinh-b', '2024-06-11', 'completed')]);
    expect(both.totals.completed).toBe(1);
    expect(both.tasks[0].leadRaw).toBe('UBND các tỉnh, thành phố');
  });
});
