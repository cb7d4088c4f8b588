/**
 * `npm run bench:console [-- --requests N --rows R]`
 *
 * Loads 10,000 tasks, 150 agencies (the 128 of the seed directory and 22 more) and 1,000 reports (R rows each,
 * default 10; ~2 % of them waiting for review; one status entry per matched row), their contacts and a few
 * meetings into the embedded local stack (dynalite, s3rver), starts the console in-process the way `intake serve`
 * does (web/server.ts on 127.0.0.1, signed in with its one-time token, then its cookie), and requests each page N
 * times (default 40, after 3 warm-up requests), one at a time. Prints p50/p95 per page in ms and as a ratio to a
 * static file served by the same server in the same run. Target: p95 < 300 ms per page. Loopback only.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { agencyDirectory } from '#shared/agencies';
import { loadConfig } from '#shared/config';
import { parseDeadline } from '#shared/deadlines';
import type { AgencyContact } from '#shared/domain/contact';
import type { Meeting } from '#shared/domain/meeting';
import type { Report, StatusEntry, StoredRow } from '#shared/domain/report';
import type { Status } from '#shared/domain/row';
import type { Task } from '#shared/domain/task';
import { sesMailer } from '#shared/mail/ses';
import { s3Blobs } from '#shared/store/s3';
import { dynamoStore } from '#shared/store/dynamo';
import { withReadCache } from '#shared/store/read-cache';
import { startLocalStack } from '#local/stack';
import { prng } from '#testkit/reports';
import { startConsole } from '#web/server';

const { values: args } = parseArgs({ options: { requests: { type: 'string', default: '40' }, rows: { type: 'string', default: '10' } } });
const REQUESTS = Math.max(5, Math.min(1000, Number(args.requests)));
const ROWS = Math.max(1, Math.min(100, Number(args.rows)));
const N_TASKS = 10_000;
const N_AGENCIES = 150;
const N_REPORTS = 1_000;
const TODAY = new Date('2024-06-17T03:00:00Z');
const TARGET_MS = 300;

const rnd = prng(20240617);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

function world() {
  const seeded = agencyDirectory().all().map((a) => a.id);
  const agencies = [...seeded, ...Array.from({ length: Math.max(0, N_AGENCIES - seeded.length) }, (_, i) => `co-quan-them-${i + 1}`)].slice(0, N_AGENCIES);
  const directives = [
    { number: '05/CT-TTg', kind: 'Chỉ thị', date: '2023-02-23', title: 'Chỉ thị 05' },
    { number: '04/CT-TTg', kind: 'Chỉ thị', date: '2024-02-11', title: 'Chỉ thị 04' },
    { number: '142/QĐ-VPCP', kind: 'Quyết định', date: '2024-03-16', title: 'QĐ 142' },
  ];
  const deadlines = ['Năm 2023', 'Tháng 12/2022', 'Tháng 3/2024', 'Quý II/2024', 'Tháng 9/2024', 'Thường xuyên', 'Năm 2024', '15/6/2024'].map((s) => parseDeadline(s));
  const content = 'Kết nối, chia sẻ dữ liệu giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu chuyên ngành';
  const tasks: Task[] = Array.from({ length: N_TASKS }, (_, i) => {
    const directive = directives[i % 3]!;
    const section = ['A', 'B', 'C'][i % 7 === 0 ? 0 : i % 5 === 0 ? 2 : 1]!;
    const leads = rnd() < 0.2 ? [pick(agencies), pick(agencies)] : [pick(agencies)];
    return {
      id: `${directive.number}:${section}.${i + 1}`, directive, section: { code: section, title: `Mục ${section}` }, stt: String(i + 1),
      content: `${content} (${i + 1})`, lead: { raw: leads.join(', '), ids: leads }, deadline: pick(deadlines), provenance: { file: 'bench' },
    } as Task;
  });
  const reports: Report[] = [];
  const rows: StoredRow[] = [];
  const statuses: StatusEntry[] = [];
  const values: Array<Status | null> = ['completed', 'not_completed', 'in_progress', 'recurring', null];
  for (let r = 0; r < N_REPORTS; r++) {
    const agencyId = pick(agencies);
    const reportDate = `2024-${String(1 + Math.floor(rnd() * 6)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const id = `bench-report-${r}`;
    let review = 0;
    for (let k = 0; k < ROWS; k++) {
      const t = pick(tasks);
      const value = pick(values);
      const waits = rnd() < 0.02;
      review += waits ? 1 : 0;
      rows.push({
        reportId: id, rowId: `0.${k}`, table: 0,
        cells: { stt: String(k + 1), content: t.content, result: 'Đang phối hợp triển khai', source: { row: k + 1 } },
        match: waits
          ? { taskId: null, score: 0.6, decision: 'review', candidates: [{ taskId: t.id, score: 0.6, why: ['content 0.60'] }] }
          : { taskId: t.id, score: 0.93, decision: 'auto', candidates: [{ taskId: t.id, score: 0.93 }] },
        ...(value ? { status: { value, source: 'mark' } } : {}),
      } as StoredRow);
      if (!waits) statuses.push({ taskId: t.id, reportId: id, rowId: `0.${k}`, agencyId, status: value, reportDate, recordedAt: `${reportDate}T03:00:00Z`, by: 'matcher' });
    }
    reports.push({
      id, bucket: 'bench', key: `uploads/${agencyId}/${id}.docx`, fileName: `Báo cáo ${agencyId} số ${r}.docx`, size: 20_000, sha256: id.padEnd(64, '0'),
      receivedAt: `${reportDate}T02:00:00Z`, state: rnd() < 0.03 ? 'failed' : 'processed', agencyId, reportDate,
      counts: { rows: ROWS, auto: ROWS - review, review, new: 0 },
    } as Report);
  }
  const contacts: AgencyContact[] = agencies.map((a) => ({ agencyId: a, emails: [`vanthu@${a}.gov.vn`], domains: [`${a}.gov.vn`] }));
  const meetings: Meeting[] = ['2024-06-20', '2024-07-18', '2024-08-15'].map((date, i) => ({ id: `phien-${i + 1}`, date, title: `Phiên họp Tổ công tác tháng ${6 + i}`, sendDaysBefore: 3, recipients: [], createdAt: '2024-06-01T00:00:00Z' }));
  return { agencies, tasks, reports, rows, statuses, contacts, meetings };
}

/** runs `work` over `items` with at most `n` at a time. */
async function pool<T>(items: T[], n: number, work: (x: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function main(): Promise<void> {
  const stack = await startLocalStack({ dataDir: null, deliverEvents: false, ocr: false });
  try {
    const config = loadConfig(stack.env);
    const store = dynamoStore(config);
    const w = world();
    const t0 = performance.now();
    await store.putTasks(w.tasks);
    await pool(w.reports, 8, (r) => store.createReport(r));
    for (let i = 0; i < w.rows.length; i += 500) await store.putRows(w.rows.slice(i, i + 500));
    await pool(w.statuses, 8, (e) => store.appendStatus(e));
    await pool(w.contacts, 8, (c) => store.setContact(c));
    for (const m of w.meetings) await store.putMeeting(m);
    const waiting = w.rows.filter((r) => r.match?.decision === 'review');
    console.log(`loaded ${w.tasks.length} tasks, ${w.agencies.length} agencies, ${w.reports.length} reports, ${w.rows.length} rows (${waiting.length} to review), ${w.statuses.length} status entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // as `intake serve` and the Lambda wire it: the console reads through the read cache
    const web = await startConsole({ store: withReadCache(store), blobs: s3Blobs(config), mailer: sesMailer(config), config, now: () => TODAY });
    try {
      const login = await fetch(web.loginUrl, { redirect: 'manual' });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      if (!cookie) throw new Error(`login refused: HTTP ${login.status}`);
      const task = w.statuses[0]!.taskId;
      const report = w.reports[0]!.id;
      const row = waiting[0]!;
      const pages: Array<[string, string]> = [
        ['tệp tĩnh (console.css)', '/static/console.css'],
        ['Tổng quan', '/'],
        ['Nhiệm vụ (danh sách)', '/nhiem-vu'],
        ['Nhiệm vụ (lọc: chậm muộn)', '/nhiem-vu?overdue=1'],
        ['Nhiệm vụ (một nhiệm vụ)', `/nhiem-vu/${encodeURIComponent(task)}`],
        ['Báo cáo (danh sách)', '/bao-cao'],
        ['Báo cáo (một báo cáo)', `/bao-cao/${report}`],
        ['Cần xem xét (hàng đợi)', '/xem-xet'],
        ['Cần xem xét (một dòng)', `/xem-xet/${encodeURIComponent(row.reportId)}/${encodeURIComponent(row.rowId)}`],
        ['Phiên họp', '/phien-hop'],
        ['Cơ quan (danh sách)', '/co-quan'],
        ['Cơ quan (một cơ quan)', `/co-quan/${encodeURIComponent(w.reports[0]!.agencyId!)}`],
        ['Danh mục', '/danh-muc'],
      ];
      const results: Array<{ name: string; path: string; status: number; bytes: number; p50: number; p95: number }> = [];
      for (const [name, path] of pages) {
        const times: number[] = [];
        let status = 0;
        let bytes = 0;
        for (let i = 0; i < REQUESTS + 3; i++) {
          const s = performance.now();
          const res = await fetch(`${web.url}${path}`, { headers: { cookie }, redirect: 'manual' });
          const body = await res.arrayBuffer();
          if (i >= 3) times.push(performance.now() - s);
          status = res.status;
          bytes = body.byteLength;
        }
        results.push({ name, path, status, bytes, p50: quantile(times, 0.5), p95: quantile(times, 0.95) });
      }
      const base = results[0]!;
      console.log(`\n${REQUESTS} requests per page, one at a time (after 3 warm-up); ratio = page p95 / static p95 (${base.p95.toFixed(1)} ms)`);
      console.log(`${'page'.padEnd(28)} ${'HTTP'.padStart(4)} ${'KB'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'×static'.padStart(8)}  p95 < ${TARGET_MS} ms`);
      for (const r of results) {
        const ok = r.p95 < TARGET_MS && r.status === 200;
        console.log(`${r.name.padEnd(28)} ${String(r.status).padStart(4)} ${(r.bytes / 1024).toFixed(1).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${(r.p95 / base.p95).toFixed(1).padStart(8)}  ${ok ? 'yes' : 'NO'}`);
      }
      const slow = results.filter((r) => r.p95 >= TARGET_MS || r.status !== 200);
      console.log(slow.length ? `\n${slow.length} page(s) miss the target: ${slow.map((r) => r.path).join(', ')}` : '\nevery page meets the target');
      process.exitCode = slow.length ? 1 : 0;
    } finally {
      await web.close();
    }
  } finally {
    await stack.stop();
  }
}

await main();
