/**
 * A task many agencies share (#12): who is done, who is behind, who has not reported — one fixture world worked out
 * by hand. As of 15/09/2025: a task of "Các bộ, ngành, địa phương" due in 2024 (three ministries and two provinces
 * answer; Yên Bái merged into Lào Cai on 01/07/2025, its report counts for Lào Cai), and a task led by Bộ Công an
 * with Bộ Y tế coordinating, where only the coordinator reported (completed).
 */
import { describe, expect, it } from 'vitest';
import { consolidate } from '#shared/digest/consolidate';
import { taskAgencyMatrix, type AgencyNames } from '#shared/digest/matrix';
import { renderText } from '#shared/digest/render-text';
import { renderHtml } from '#shared/digest/render-html';
import { toSummary } from '#shared/digest/summary';
import { taskBreakdownText, taskResultText } from '#shared/digest/labels';
import * as w from '#testkit/digest-world';

const AS_OF = '2025-09-15';
const NAMES: Record<string, string> = {
  'bo-ngoai-giao': 'Bộ Ngoại giao', 'bo-tu-phap': 'Bộ Tư pháp', 'bo-y-te': 'Bộ Y tế', 'bo-cong-an': 'Bộ Công an',
  'tinh-khanh-hoa': 'Tỉnh Khánh Hòa', 'tinh-lao-cai': 'Tỉnh Lào Cai', 'tinh-yen-bai': 'Tỉnh Yên Bái',
};
const names: AgencyNames = {
  successorOn: (id, date) => (id === 'tinh-yen-bai' && date >= '2025-07-01' ? 'tinh-lao-cai' : id),
  nameOn: (id) => NAMES[id] ?? id,
  membersOn: (g, date) => (g === 'all_ministries' ? ['bo-ngoai-giao', 'bo-tu-phap', 'bo-y-te', 'bo-cong-an'].slice(0, 3)
    : g === 'all_provinces' ? (date >= '2025-07-01' ? ['tinh-khanh-hoa', 'tinh-lao-cai'] : ['tinh-khanh-hoa', 'tinh-lao-cai', 'tinh-yen-bai'])
      : undefined),
  kindOf: (id) => (id.startsWith('tinh-') ? 'province' : 'ministry'),
};

const GROUP = '04/CT-TTg:A.1';
const COORD = '04/CT-TTg:B.1';
const tasks = () => [
  w.task('A', '1', 'Năm 2024', [], { lead: { raw: 'Các bộ, ngành, địa phương', ids: [], groups: ['all_ministries', 'all_provinces', 'related_agencies'] } }),
  w.task('B', '1', 'Tháng 6/2025', ['bo-cong-an'], { coord: { raw: 'Bộ Y tế', ids: ['bo-y-te'] } }),
];
const reports = () => [
  w.report('r-ng', 'bo-ngoai-giao', '2025-08-20'), w.report('r-tp', 'bo-tu-phap', '2025-08-21'), w.report('r-yt', 'bo-y-te', '2025-08-22'),
  w.report('r-yb', 'tinh-yen-bai', '2025-05-10'),
];
const statuses = () => [
  w.entry(GROUP, 'r-ng', 'bo-ngoai-giao', '2025-08-20', 'in_progress', 'Đang hoàn thiện kết nối'),
  w.entry(GROUP, 'r-tp', 'bo-tu-phap', '2025-08-21', 'completed'),
  w.entry(GROUP, 'r-yt', 'bo-y-te', '2025-08-22', 'completed', 'Đã kết nối, chia sẻ dữ liệu'),
  w.entry(GROUP, 'r-yb', 'tinh-yen-bai', '2025-05-10', 'completed'),
  w.entry(COORD, 'r-yt', 'bo-y-te', '2025-08-22', 'completed', 'Đã hoàn thành phần việc phối hợp'),
];

const digest = () => consolidate({
  asOf: AS_OF, tasks: tasks(), statuses: statuses(), reports: reports(), reviewRows: [], unregisteredRows: [], contacts: [],
  period: { from: '2025-07-01', to: AS_OF }, agencies: names, generatedAt: '2025-09-15T01:00:00.000Z',
});

describe('the task × agency matrix', () => {
  it('lists who answers (leads, then group members; a successor answering for its predecessor) and each one\'s own status', () => {
    const [group, coord] = taskAgencyMatrix({ asOf: AS_OF, tasks: tasks(), statuses: statuses(), reports: reports(), agencies: names });
    expect(group.answering.map((a) => [a.id, a.role, a.standing, a.latest?.reportId ?? null])).toEqual([
      ['bo-ngoai-giao', 'member', 'notCompleted', 'r-ng'],
      ['bo-tu-phap', 'member', 'completed', 'r-tp'],
      ['bo-y-te', 'member', 'completed', 'r-yt'],
      ['tinh-khanh-hoa', 'member', 'notReported', null],
      ['tinh-lao-cai', 'member', 'completed', 'r-yb'],
    ]);
    expect(group.counts).toEqual({ answering: 5, completed: 3, notCompleted: 1, notReported: 1 });
    expect(group.unlisted).toEqual(['related_agencies']);
    // the coordinator is listed apart and does not decide the task
    expect(coord.answering.map((a) => [a.id, a.role, a.standing])).toEqual([['bo-cong-an', 'lead', 'notReported']]);
    expect(coord.coordinators.map((a) => [a.id, a.role, a.standing])).toEqual([['bo-y-te', 'coordinator', 'completed']]);
  });

  it('before the merger, Yên Bái answers for itself', () => {
    const [group] = taskAgencyMatrix({ asOf: '2025-06-01', tasks: tasks(), statuses: statuses(), reports: reports(), agencies: names });
    expect(group.answering.filter((a) => a.kind === 'province').map((a) => [a.id, a.standing])).toEqual([
      ['tinh-khanh-hoa', 'notReported'], ['tinh-lao-cai', 'notReported'], ['tinh-yen-bai', 'completed'],
    ]);
    expect(group.counts).toEqual({ answering: 6, completed: 1, notCompleted: 0, notReported: 5 });
  });
});

describe('the digest of shared tasks', () => {
  const d = digest();
  const group = d.tasks.find((t) => t.taskId === GROUP)!;
  const coord = d.tasks.find((t) => t.taskId === COORD)!;

  it('is late while any member has not completed; the coordinator\'s "completed" does not complete the lead\'s task', () => {
    expect(group.category).toBe('overdue');
    expect(coord.category).toBe('overdue');
    expect(d.lateGroups.map((g) => [g.label, g.tasks.map((t) => t.taskId)])).toEqual([
      ['01 nhiệm vụ chậm muộn từ năm 2024 chuyển sang', [GROUP]],
      ['01 nhiệm vụ chậm muộn từ tháng 06/2025', [COORD]],
    ]);
  });

  it('composes the result the way the secretariat writes it', () => {
    expect(taskResultText(group)).toBe([
      '01/02 địa phương (còn Tỉnh Khánh Hòa chưa báo cáo) và 02/03 bộ, ngành (còn Bộ Ngoại giao chưa hoàn thành) đã hoàn thành',
      'Bộ Ngoại giao: Đang hoàn thiện kết nối — r-ng.docx, ngày 20/08/2025',
    ].join('\n'));
    const text = renderText(d);
    expect(text).toContain('   Kết quả: 01/02 địa phương (còn Tỉnh Khánh Hòa chưa báo cáo) và 02/03 bộ, ngành (còn Bộ Ngoại giao chưa hoàn thành) đã hoàn thành\n     · Bộ Ngoại giao: Đang hoàn thiện kết nối — r-ng.docx, ngày 20/08/2025\n');
    // a single-agency task reads as before: its latest result, here the coordinator's, said to be the coordinator's
    expect(text).toContain('   Kết quả: Đã hoàn thành phần việc phối hợp\n   Nguồn: r-yt.docx, ngày 22/08/2025 — theo báo cáo của Bộ Y tế\n');
    const html = renderHtml(d);
    expect(html).toContain('01/02 địa phương (còn Tỉnh Khánh Hòa chưa báo cáo) và 02/03 bộ, ngành (còn Bộ Ngoại giao chưa hoàn thành) đã hoàn thành');
    expect(html).toContain('<li>Bộ Ngoại giao: Đang hoàn thiện kết nối<br>');
  });

  it('names the agencies behind in summary.json, each with its own status and evidence, and the counts', () => {
    const late = toSummary(d).late;
    expect(late.find((l) => l.taskId === GROUP)).toEqual({
      taskId: GROUP, lateSince: '2024-12', agency: null, due: '2024-12-31',
      agencies: [
        { id: 'bo-ngoai-giao', name: 'Bộ Ngoại giao', status: 'in_progress', lateSince: '2024-12', result: 'Đang hoàn thiện kết nối', reportId: 'r-ng' },
        { id: 'tinh-khanh-hoa', name: 'Tỉnh Khánh Hòa', status: 'not_reported', lateSince: '2024-12', result: null, reportId: null },
      ],
      counts: { answering: 5, completed: 3, notCompleted: 1, notReported: 1 },
    });
    expect(late.find((l) => l.taskId === COORD)?.agencies).toEqual([
      { id: 'bo-cong-an', name: 'Bộ Công an', status: 'not_reported', lateSince: '2025-06', result: null, reportId: null },
    ]);
  });

  it('counts the shared task in each member\'s own line by its own status', () => {
    const by = new Map(d.agencies.map((a) => [a.id, a.counts]));
    expect(by.get('bo-ngoai-giao')).toMatchObject({ tasks: 1, completed: 0, overdue: 1, noReport: 0 });
    expect(by.get('tinh-lao-cai')).toMatchObject({ tasks: 1, completed: 1, overdue: 0 });
    expect(by.get('tinh-khanh-hoa')).toMatchObject({ tasks: 1, overdue: 1, noReport: 1 });
    expect(by.has('tinh-yen-bai')).toBe(false);
    // each agency's section lists its own late tasks, the shared one included
    const late = new Map(d.agencies.map((a) => [a.id, a.late]));
    expect(late.get('bo-ngoai-giao')).toEqual([GROUP]);
    expect(late.get('tinh-lao-cai')).toEqual([]);
    expect(late.get('bo-cong-an')).toEqual([COORD]);
    expect(late.get('bo-y-te')).toEqual([]); // completed its share of the group task; only coordinates the other
    const text = renderText(d);
    expect(text).toMatch(/- Bộ Ngoại giao: 1 nhiệm vụ — 0 hoàn thành, 1 chậm muộn.*\n  Chậm muộn: 04\/CT-TTg:A\.1\n/);
  });

  it('names the first ten behind, then "và N đơn vị khác"', () => {
    const many = Array.from({ length: 12 }, (_, i) => `bo-${String(i).padStart(2, '0')}`);
    const wide: AgencyNames = { ...names, nameOn: (id) => NAMES[id] ?? id, membersOn: (g) => (g === 'all_ministries' ? many : undefined) };
    const dd = consolidate({
      asOf: AS_OF, tasks: [tasks()[0]!], reports: [], reviewRows: [], unregisteredRows: [], contacts: [], agencies: wide,
      statuses: many.map((id) => w.entry(GROUP, `r-${id}`, id, '2025-08-01', 'not_completed')),
    });
    const text = taskResultText(dd.tasks[0]!);
    expect(text.split('\n')[0]).toBe('00/12 bộ, ngành đã hoàn thành; 12 bộ, ngành chưa hoàn thành, gồm: bo-00, bo-01, bo-02, bo-03, bo-04, bo-05, bo-06, bo-07, bo-08, bo-09 và 2 đơn vị khác');
    expect(text.split('\n').at(-1)).toBe('… và 2 đơn vị khác chưa hoàn thành');
  });
});

describe('a mixed task with an agency that is neither a ministry nor a province', () => {
  it('counts it apart, after the provinces and the ministries', () => {
    const withCourt: AgencyNames = { ...names, nameOn: (id) => (id === 'toa-an-nhan-dan-toi-cao' ? 'Tòa án nhân dân tối cao' : NAMES[id] ?? id),
      kindOf: (id) => (id.startsWith('tinh-') ? 'province' : id.startsWith('bo-') ? 'ministry' : 'other') };
    const t = w.task('A', '1', 'Năm 2024', ['toa-an-nhan-dan-toi-cao'], { lead: { raw: 'Tòa án nhân dân tối cao, các bộ, ngành, địa phương', ids: ['toa-an-nhan-dan-toi-cao'], groups: ['all_ministries', 'all_provinces'] } });
    const dd = consolidate({ asOf: AS_OF, tasks: [t], statuses: statuses(), reports: reports(), reviewRows: [], unregisteredRows: [], contacts: [], agencies: withCourt });
    expect(taskResultText(dd.tasks[0]!).split('\n')[0]).toBe('01/02 địa phương (còn Tỉnh Khánh Hòa chưa báo cáo), 02/03 bộ, ngành (còn Bộ Ngoại giao chưa hoàn thành) '
      + 'và 00/01 đơn vị khác (còn Tòa án nhân dân tối cao chưa báo cáo) đã hoàn thành');
  });
});

describe('intake digest task: one task by agency', () => {
  it('prints how the task stands, the breakdown, and one line per agency', () => {
    const line = digest().tasks.find((t) => t.taskId === GROUP)!;
    expect(taskBreakdownText(line, AS_OF).split('\n')).toEqual([
      `[${GROUP}] ${line.content}`,
      'Đơn vị thực hiện: Các bộ, ngành, địa phương — thời hạn: Năm 2024 (hạn 31/12/2024)',
      'Tính đến ngày 15/09/2025: Chậm muộn',
      'Kết quả: 01/02 địa phương (còn Tỉnh Khánh Hòa chưa báo cáo) và 02/03 bộ, ngành (còn Bộ Ngoại giao chưa hoàn thành) đã hoàn thành',
      '  - Bộ Ngoại giao (thành viên nhóm chủ trì): Đang triển khai — r-ng.docx, ngày 20/08/2025',
      '  - Bộ Tư pháp (thành viên nhóm chủ trì): Hoàn thành — r-tp.docx, ngày 21/08/2025',
      '  - Bộ Y tế (thành viên nhóm chủ trì): Hoàn thành — r-yt.docx, ngày 22/08/2025',
      '  - Tỉnh Khánh Hòa (thành viên nhóm chủ trì): chưa báo cáo',
      '  - Tỉnh Lào Cai (thành viên nhóm chủ trì): Hoàn thành — r-yb.docx, ngày 10/05/2025',
      '  (không có danh sách đơn vị: Các cơ quan, đơn vị liên quan)',
      '',
    ]);
  });
});

describe('the XLSX sheet "Theo đơn vị"', () => {
  it('has one row per task × answering agency (coordinators too), with filters', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const { renderXlsx } = await import('#shared/digest/xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(digest())) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Theo đơn vị')!;
    const rows: unknown[][] = [];
    ws.eachRow((r, i) => { if (i > 4) rows.push((r.values as unknown[]).slice(1)); });
    expect(rows.map((r) => [r[1], r[3], r[4], r[5], r[7] ?? '', r[8] ?? ''])).toEqual([
      [GROUP, 'Bộ Ngoại giao', 'Chủ trì (thành viên nhóm)', 'Đang triển khai', 'r-ng.docx', '20/08/2025'],
      [GROUP, 'Bộ Tư pháp', 'Chủ trì (thành viên nhóm)', 'Hoàn thành', 'r-tp.docx', '21/08/2025'],
      [GROUP, 'Bộ Y tế', 'Chủ trì (thành viên nhóm)', 'Hoàn thành', 'r-yt.docx', '22/08/2025'],
      [GROUP, 'Tỉnh Khánh Hòa', 'Chủ trì (thành viên nhóm)', 'Chưa báo cáo', '', ''],
      [GROUP, 'Tỉnh Lào Cai', 'Chủ trì (thành viên nhóm)', 'Hoàn thành', 'r-yb.docx', '10/05/2025'],
      [COORD, 'Bộ Công an', 'Chủ trì', 'Chưa báo cáo', '', ''],
      [COORD, 'Bộ Y tế', 'Phối hợp', 'Hoàn thành', 'r-yt.docx', '22/08/2025'],
    ]);
    expect(ws.autoFilter).toBeTruthy();
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Phụ lục 01', 'Nhiệm vụ chậm muộn', 'Theo đơn vị', 'Tổng hợp đơn vị']);
  });
});

describe('a task of ministries and provinces, counted by kind (seed 002: "62/63 địa phương (còn …) và 09/22 bộ ngành (…)")', async () => {
  const { directoryNames } = await import('#shared/digest/agency-names');
  const dir = directoryNames();
  const ALL = w.task('A', '1', 'Năm 2024', [], { lead: { raw: 'Các bộ, ngành, địa phương', ids: [], groups: ['all_ministries', 'all_provinces'] } });
  const at = (asOf: string, statuses: ReturnType<typeof w.entry>[], reports: ReturnType<typeof w.report>[]) => consolidate({
    asOf, tasks: [ALL], statuses, reports, reviewRows: [], unregisteredRows: [], contacts: [], agencies: dir,
  }).tasks[0]!;

  it('names the one province left and the two ministries done (the directory\'s 34 provinces from 01/07/2025)', () => {
    const provinces = dir.membersOn!('all_provinces', '2025-09-15')!;
    const ministries = dir.membersOn!('all_ministries', '2025-09-15')!;
    const reports: ReturnType<typeof w.report>[] = [];
    const statuses: ReturnType<typeof w.entry>[] = [];
    const say = (id: string, status: 'completed' | 'in_progress', result?: string) => {
      reports.push(w.report(`r-${id}`, id, '2025-08-20'));
      statuses.push(w.entry(GROUP, `r-${id}`, id, '2025-08-20', status, result));
    };
    for (const p of provinces) if (p !== 'tinh-khanh-hoa') say(p, 'completed');
    say('van-phong-chinh-phu', 'completed');
    say('bo-quoc-phong', 'completed');
    say('bo-ngoai-giao', 'in_progress', 'Đang hoàn thiện kết nối');
    const line = at('2025-09-15', statuses, reports);
    expect(line.share.counts).toEqual({ answering: provinces.length + ministries.length, completed: provinces.length + 1, notCompleted: 1, notReported: ministries.length - 3 + 1 });
    expect(taskResultText(line).split('\n')).toEqual([
      `33/34 địa phương (còn Tỉnh Khánh Hòa chưa báo cáo) và 02/${ministries.length} bộ, ngành (Bộ Quốc phòng, Văn phòng Chính phủ) đã hoàn thành; `
        + `01 bộ, ngành chưa hoàn thành, gồm: Bộ Ngoại giao; ${String(ministries.length - 3).padStart(2, '0')} bộ, ngành chưa báo cáo`,
      'Bộ Ngoại giao: Đang hoàn thiện kết nối — r-bo-ngoai-giao.docx, ngày 20/08/2025',
    ]);
  });

  it('counts 63 provinces and 22 ministries before 01/07/2025', () => {
    expect(taskResultText(at('2024-12-01', [], []))).toBe('00/63 địa phương và 00/22 bộ, ngành đã hoàn thành; 63 địa phương chưa báo cáo; 22 bộ, ngành chưa báo cáo');
  });
});
