import { describe, expect, it } from 'vitest';
import type { Task } from '#shared/domain/task';
import type { Report, StatusEntry, StoredRow } from '#shared/domain/report';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });

let seq = 0;
function report(over: Partial<Report> = {}): Report {
  seq++;
  return {
    id: `r-${seq}-${Math.random().toString(36).slice(2, 8)}`,
    bucket: 'intake-local',
    key: `uploads/bo-tu-phap/bao-cao-${seq}.docx`,
    fileName: `bao-cao-${seq}.docx`,
    size: 100 + seq,
    sha256: `sha-${seq}`,
    receivedAt: `2025-06-${String(10 + (seq % 15)).padStart(2, '0')}T08:00:00.000Z`,
    state: 'received',
    ...over,
  };
}

function row(reportId: string, rowId: string, over: Partial<StoredRow> = {}): StoredRow {
  const [table] = rowId.split('.');
  return {
    reportId, rowId, table: Number(table),
    cells: { stt: rowId, content: `Nhiệm vụ ${rowId}`, source: { row: 1 } },
    ...over,
  };
}

function task(directive: string, stt: string): Task {
  return {
    id: `${directive}:${stt}`,
    directive: { number: directive, kind: 'Chỉ thị', date: '2024-05-08', title: 'Về tiếp tục đẩy mạnh Đề án 06' },
    stt,
    content: `Nội dung nhiệm vụ ${stt}`,
    lead: { raw: 'Bộ Công an', ids: ['bo-cong-an'] },
    deadline: { kind: 'year', due: '2024-12-31', raw: 'Năm 2024' },
    provenance: { file: 'seeds/sources/000.txt', table: 0, row: Number(stt) || 0 },
  };
}

function entry(over: Partial<StatusEntry>): StatusEntry {
  return {
    taskId: '04/CT-TTg:1', reportId: 'r', rowId: '0.0', agencyId: 'bo-tu-phap', status: 'in_progress',
    reportDate: '2025-06-01', recordedAt: '2025-06-01T08:00:00.000Z', by: 'matcher', ...over,
  };
}

describe('reports', () => {
  it('creates a report once: the second conditional put changes nothing', async () => {
    const r = report();
    expect(await env.store.createReport(r)).toBe(true);
    expect(await env.store.createReport({ ...r, fileName: 'other.docx' })).toBe(false);
    expect((await env.store.getReport(r.id))?.fileName).toBe(r.fileName);
  });

  it('updates a report and moves it into its agency list', async () => {
    const r = report({ agencyId: undefined });
    await env.store.createReport(r);
    expect((await env.store.listReports({ agencyId: 'bo-y-te' })).map((x) => x.id)).not.toContain(r.id);
    await env.store.updateReport(r.id, { state: 'processed', agencyId: 'bo-y-te', counts: { rows: 3, auto: 2 } });
    const got = await env.store.getReport(r.id);
    expect(got).toMatchObject({ state: 'processed', agencyId: 'bo-y-te', counts: { rows: 3, auto: 2 }, sha256: r.sha256 });
    expect((await env.store.listReports({ agencyId: 'bo-y-te' })).map((x) => x.id)).toContain(r.id);
  });

  it('refuses to update a report that does not exist', async () => {
    await expect(env.store.updateReport('no-such-report', { state: 'failed' })).rejects.toThrow();
  });

  it('lists reports in received order and by time window', async () => {
    const early = report({ receivedAt: '2024-01-02T00:00:00.000Z' });
    const late = report({ receivedAt: '2024-03-02T00:00:00.000Z' });
    await env.store.createReport(late);
    await env.store.createReport(early);
    const all = await env.store.listReports();
    const times = all.map((r) => r.receivedAt);
    expect(times).toEqual([...times].sort());
    const window = await env.store.listReports({ since: '2024-01-01', until: '2024-02-01' });
    expect(window.map((r) => r.id)).toContain(early.id);
    expect(window.map((r) => r.id)).not.toContain(late.id);
  });

  it('finds the earliest report with the same content', async () => {
    const a = report({ sha256: 'same-content', receivedAt: '2025-01-05T00:00:00.000Z' });
    const b = report({ sha256: 'same-content', receivedAt: '2025-01-01T00:00:00.000Z' });
    await env.store.createReport(a);
    await env.store.createReport(b);
    expect((await env.store.findReportBySha256('same-content'))?.id).toBe(b.id);
    expect(await env.store.findReportBySha256('never-seen')).toBeUndefined();
  });
});

describe('rows', () => {
  it('stores rows idempotently, in table and row order, across batch chunks', async () => {
    const r = report();
    await env.store.createReport(r);
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => row(r.id, `0.${i}`)),
      ...Array.from({ length: 30 }, (_, i) => row(r.id, `10.${i}`)),
      row(r.id, '2.0'),
    ];
    await env.store.putRows(rows);
    await env.store.putRows(rows); // again: same keys, same rows
    const listed = await env.store.listRows(r.id);
    expect(listed).toHaveLength(71);
    expect(listed.slice(0, 3).map((x) => x.rowId)).toEqual(['0.0', '0.1', '0.2']);
    expect(listed[39].rowId).toBe('0.39');
    expect(listed[40].rowId).toBe('2.0');
    expect(listed[41].rowId).toBe('10.0');
    expect(await env.store.getRow(r.id, '10.29')).toMatchObject({ cells: { content: 'Nhiệm vụ 10.29' } });
  });

  it('keeps rows to review in the review list until the secretariat decides', async () => {
    const r = report();
    const match = { taskId: null, score: 0.6, decision: 'review' as const, candidates: [{ taskId: '04/CT-TTg:1', score: 0.6 }] };
    await env.store.putRows([
      row(r.id, '0.0', { match }),
      row(r.id, '0.1', { match: { ...match, decision: 'auto', taskId: '04/CT-TTg:2' } }),
    ]);
    let review = (await env.store.listReviewRows()).filter((x) => x.reportId === r.id);
    expect(review.map((x) => x.rowId)).toEqual(['0.0']);
    await env.store.putRows([row(r.id, '0.0', { match, override: { action: 'accept', taskId: '04/CT-TTg:1', at: '2025-06-02T00:00:00Z' } })]);
    review = (await env.store.listReviewRows()).filter((x) => x.reportId === r.id);
    expect(review).toHaveLength(0);
    expect((await env.store.getRow(r.id, '0.0'))?.override?.taskId).toBe('04/CT-TTg:1');
  });
});

describe('registry', () => {
  it('stores tasks and lists them by directive', async () => {
    await env.store.putTasks([task('04/CT-TTg', '1'), task('04/CT-TTg', '2'), task('05/CT-TTg', '1')]);
    expect((await env.store.listTasks({ directive: '04/CT-TTg' })).map((t) => t.id).sort()).toEqual(['04/CT-TTg:1', '04/CT-TTg:2']);
    expect((await env.store.listTasks()).length).toBeGreaterThanOrEqual(3);
    expect((await env.store.getTask('05/CT-TTg:1'))?.lead.ids).toEqual(['bo-cong-an']);
    expect(await env.store.getTask('05/CT-TTg:99')).toBeUndefined();
  });

  it('changes the registry version on every import, and only then', async () => {
    const v1 = await env.store.registryVersion!();
    expect(v1).toBeDefined();
    expect(await env.store.registryVersion!()).toBe(v1);
    await env.store.putTasks([task('142/QĐ-VPCP', '11')]);
    const v2 = await env.store.registryVersion!();
    expect(v2).not.toBe(v1);
    await env.store.putTasks([]);
    expect(await env.store.registryVersion!()).toBe(v2);
  });
});

describe('status history', () => {
  it('appends once per task, report and row, and keeps the latest per task and agency', async () => {
    const t = 'TEST:history';
    await env.store.appendStatus(entry({ taskId: t, reportId: 'r1', reportDate: '2025-03-01', status: 'in_progress' }));
    await env.store.appendStatus(entry({ taskId: t, reportId: 'r1', reportDate: '2025-03-01', status: 'completed', recordedAt: '2025-03-05T00:00:00Z' }));
    await env.store.appendStatus(entry({ taskId: t, reportId: 'r2', reportDate: '2025-06-01', status: 'completed' }));
    // an older report arriving late does not move "latest" back
    await env.store.appendStatus(entry({ taskId: t, reportId: 'r0', reportDate: '2025-01-01', status: 'not_completed' }));
    // another agency has its own latest
    await env.store.appendStatus(entry({ taskId: t, reportId: 'r3', agencyId: 'bo-y-te', reportDate: '2025-02-01', status: 'not_completed' }));

    const history = await env.store.statusHistory(t);
    expect(history.map((h) => h.reportId)).toEqual(['r0', 'r3', 'r1', 'r2']);
    expect(history.find((h) => h.reportId === 'r1')?.status).toBe('in_progress'); // first write stands

    const latest = (await env.store.latestStatuses()).filter((l) => l.taskId === t);
    const byAgency = Object.fromEntries(latest.map((l) => [l.agencyId, l]));
    expect(byAgency['bo-tu-phap']).toMatchObject({ reportId: 'r2', status: 'completed' });
    expect(byAgency['bo-y-te']).toMatchObject({ reportId: 'r3', status: 'not_completed' });
  });

  it('lets a secretariat correction replace its own earlier correction and become latest', async () => {
    const t = 'TEST:secretariat';
    await env.store.appendStatus(entry({ taskId: t, reportId: 'r1', reportDate: '2025-03-01', status: 'in_progress', recordedAt: '2025-03-01T09:00:00Z' }));
    const fix = entry({ taskId: t, reportId: 'r1', reportDate: '2025-03-01', by: 'secretariat', status: 'completed', recordedAt: '2025-03-02T00:00:00Z' });
    await env.store.appendStatus(fix);
    await env.store.appendStatus({ ...fix, status: 'not_completed', recordedAt: '2025-03-03T00:00:00Z' });
    const history = await env.store.statusHistory(t);
    expect(history.map((h) => [h.by, h.status])).toEqual([['matcher', 'in_progress'], ['secretariat', 'not_completed']]);
    const latest = (await env.store.latestStatuses()).find((l) => l.taskId === t);
    expect(latest).toMatchObject({ by: 'secretariat', status: 'not_completed' });
  });
});

describe('contacts, meetings, digests', () => {
  it('keeps agency contacts', async () => {
    await env.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn'], domains: ['moj.gov.vn'] });
    await env.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vp@moj.gov.vn'], domains: ['moj.gov.vn'] });
    const c = (await env.store.listContacts()).filter((x) => x.agencyId === 'bo-tu-phap');
    expect(c).toEqual([expect.objectContaining({ emails: ['vp@moj.gov.vn'] })]);
  });

  it('adds, lists and removes meetings', async () => {
    const m = { id: 'phien-2025-07', date: '2025-07-15', title: 'Phiên họp Tổ công tác tháng 7', sendDaysBefore: 3, recipients: [], createdAt: '2025-06-01T00:00:00Z' };
    await env.store.putMeeting(m);
    expect((await env.store.listMeetings()).map((x) => x.id)).toContain(m.id);
    expect(await env.store.removeMeeting(m.id)).toBe(true);
    expect(await env.store.removeMeeting(m.id)).toBe(false);
    expect((await env.store.listMeetings()).map((x) => x.id)).not.toContain(m.id);
  });

  it('marks a digest sent only once', async () => {
    const d = { id: 'phien-2025-07#2025-07-12', meetingId: 'phien-2025-07', asOf: '2025-07-12', summary: { late: 51 } };
    expect(await env.store.markDigestSent(d)).toBe(true);
    expect(await env.store.markDigestSent({ ...d, summary: { late: 0 } })).toBe(false);
    expect((await env.store.listDigests()).find((x) => x.id === d.id)?.summary).toEqual({ late: 51 });
  });
});
