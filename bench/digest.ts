/**
 * `npm run bench:digest`: builds the digest for a synthetic world of 10,000 tasks, 150 agencies (10 of them merged
 * into others) and 1,000 reports (~20 status rows each), and prints the time of each step. Target: < 2 s in all.
 * Pure: no storage (the store's reads are measured by the integration tests, not here).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseDeadline } from '#shared/deadlines';
import type { Task } from '#shared/domain/task';
import type { Status } from '#shared/domain/row';
import type { AgencyContact } from '#shared/domain/contact';
import type { Report, StatusEntry, StoredRow } from '#shared/domain/report';
import { consolidate, type AgencyNames } from '#shared/digest/consolidate';
import { renderHtml } from '#shared/digest/render-html';
import { renderText } from '#shared/digest/render-text';
import { toSummary } from '#shared/digest/summary';
import { renderXlsx } from '#shared/digest/xlsx';
import { digestEml, digestMail } from '#shared/digest/eml';

const N_TASKS = 10_000;
const N_AGENCIES = 150;
const N_REPORTS = 1_000;
const ROWS_PER_REPORT = 20;
const AS_OF = '2024-06-17';

// deterministic pseudo-random numbers
let seed = 42;
const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];

const agencies = Array.from({ length: N_AGENCIES }, (_, i) => `co-quan-${String(i + 1).padStart(3, '0')}`);
const merged = new Map(agencies.slice(140).map((id, i) => [id, agencies[i]])); // 10 merged into the first ten
const names: AgencyNames = {
  successorOn: (id, date) => (date >= '2024-03-01' ? merged.get(id) ?? id : id),
  nameOn: (id, date) => `Cơ quan số ${Number((date >= '2024-03-01' ? merged.get(id) ?? id : id).slice(-3))}`,
  // group words: the first 60 are "bộ, ngành", the next 80 "địa phương" (the last 10 merged away, as above)
  membersOn: (group) => (group === 'all_ministries' ? agencies.slice(0, 60) : group === 'all_provinces' ? agencies.slice(60, 140) : undefined),
  kindOf: (id) => (Number(id.slice(-3)) <= 60 ? 'ministry' : 'province'),
};
/** share of tasks given to "Các bộ, ngành, địa phương" (expanded to 140 members each). */
const GROUP_SHARE = 0.02;

const DEADLINES = ['Năm 2023', 'Tháng 12/2022', 'Tháng 01/2024', 'Tháng 3/2024', 'Tháng 4/2024', 'Tháng 5/2024', 'Quý II/2024',
  'Tháng 9/2024', 'Thường xuyên', 'Năm 2024', '15/6/2024', 'Đề ra lộ trình hoàn thành đến năm 2025'].map((s) => parseDeadline(s));
const DIRECTIVES = [
  { number: '05/CT-TTg', kind: 'Chỉ thị', date: '2023-02-23', title: 'Chỉ thị 05' },
  { number: '04/CT-TTg', kind: 'Chỉ thị', date: '2024-02-11', title: 'Chỉ thị 04' },
  { number: '142/QĐ-VPCP', kind: 'Quyết định', date: '2024-03-16', title: 'QĐ 142' },
];
const CONTENT = 'Kết nối, chia sẻ dữ liệu giữa Cơ sở dữ liệu quốc gia về dân cư với cơ sở dữ liệu chuyên ngành, phục vụ giải quyết thủ tục hành chính trên môi trường điện tử';

function world() {
  const tasks: Task[] = Array.from({ length: N_TASKS }, (_, i) => {
    const directive = DIRECTIVES[i % 3];
    const section = ['A', 'B', 'C'][i % 7 === 0 ? 0 : i % 5 === 0 ? 2 : 1];
    const group = rnd() < GROUP_SHARE;
    const leads = group ? [] : rnd() < 0.2 ? [pick(agencies), pick(agencies)] : [pick(agencies)];
    const lead = group ? { raw: 'Các bộ, ngành, địa phương', ids: [], groups: ['all_ministries', 'all_provinces'] } : { raw: leads.join(', '), ids: leads };
    return {
      id: `${directive.number}:${section}.${i + 1}`, directive, section: { code: section, title: section }, stt: String(i + 1),
      content: `${CONTENT} (${i + 1})`, lead, deadline: pick(DEADLINES), provenance: { file: 'bench' },
    };
  });
  const reports: Report[] = [];
  const statuses: StatusEntry[] = [];
  const reviewRows: StoredRow[] = [];
  const statusValues: Array<Status | null> = ['completed', 'not_completed', 'in_progress', 'recurring', null];
  for (let r = 0; r < N_REPORTS; r++) {
    const agencyId = pick(agencies);
    const day = String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
    const month = String(1 + Math.floor(rnd() * 6)).padStart(2, '0');
    const reportDate = `2024-${month}-${day}`;
    const id = `report-${r}`;
    reports.push({ id, bucket: 'b', key: `uploads/${agencyId}/${id}.docx`, fileName: `bao-cao-${agencyId}-${r}.docx`, size: 1000, sha256: id, receivedAt: `${reportDate}T02:00:00Z`, state: rnd() < 0.03 ? 'failed' : 'processed', agencyId, reportDate });
    for (let k = 0; k < ROWS_PER_REPORT; k++) {
      const t = pick(tasks);
      statuses.push({ taskId: t.id, reportId: id, rowId: `0.${k}`, agencyId, status: pick(statusValues), result: rnd() < 0.6 ? 'Đang phối hợp triển khai, dự kiến hoàn thành trong quý III/2024' : undefined, reportDate, recordedAt: `${reportDate}T03:00:00Z`, by: 'matcher' });
      if (rnd() < 0.02) reviewRows.push({ reportId: id, rowId: `1.${k}`, table: 1, cells: { content: CONTENT, source: { row: k } }, match: { taskId: null, score: 0.6, decision: 'review', candidates: [{ taskId: t.id, score: 0.6 }] } });
    }
  }
  const contacts: AgencyContact[] = agencies.map((a) => ({ agencyId: a, emails: [`van-thu@${a}.gov.vn`], domains: [] }));
  return { tasks, reports, statuses, reviewRows, contacts };
}

async function main() {
  const w = world();
  const times: Array<[string, number, number]> = [];
  const time = async <T>(label: string, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const out = await f();
    const c = process.cpuUsage(c0);
    times.push([label, performance.now() - t0, (c.user + c.system) / 1000]);
    return out;
  };
  // one warm-up run (JIT), then the measured run
  for (const measured of [false, true]) {
    times.length = 0;
    const d = await time('consolidate', () => consolidate({
      asOf: AS_OF, ...w, unregisteredRows: [], agencies: names, period: { from: '2024-03-15', to: AS_OF },
      meeting: { id: 'bench', title: 'Hội nghị sơ kết 6 tháng đầu năm 2024', date: '2024-06-20' }, generatedAt: new Date().toISOString(),
    }));
    const summary = await time('summary.json', () => JSON.stringify(toSummary(d)));
    const html = await time('html', () => renderHtml(d));
    const text = await time('text', () => renderText(d));
    const xlsx = await time('xlsx', () => renderXlsx(d));
    const eml = await time('eml (MIME)', () => digestEml(digestMail(d, { html, text, xlsx }, ['to@example.gov.vn']), 'from@example.gov.vn'));
    if (!measured) continue;
    const total = times.reduce((s, [, ms]) => s + ms, 0);
    const cpu = times.reduce((s, [, , c]) => s + c, 0);
    const model = times.filter(([l]) => l !== 'xlsx' && l !== 'eml (MIME)').reduce((s, [, ms]) => s + ms, 0);
    console.log(`digest bench: ${N_TASKS} tasks, ${N_AGENCIES} agencies, ${N_REPORTS} reports, ${w.statuses.length} status rows (node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
    console.log(`  ${'step'.padEnd(14)} ${'wall'.padStart(9)} ${'cpu'.padStart(9)}`);
    for (const [label, ms, c] of times) console.log(`  ${label.padEnd(14)} ${ms.toFixed(0).padStart(6)} ms ${c.toFixed(0).padStart(6)} ms`);
    console.log(`  ${'total'.padEnd(14)} ${total.toFixed(0).padStart(6)} ms ${cpu.toFixed(0).padStart(6)} ms  (target < 2000 ms — CPU: ${cpu < 2000 ? 'met' : 'NOT met'}, wall: ${total < 2000 ? 'met' : 'NOT met'} at this load; model + HTML + text + summary: ${model.toFixed(0)} ms wall)`);
    const cells = d.tasks.reduce((s, t) => s + t.share.answering.length + t.share.coordinators.length, 0);
    const shared = d.tasks.filter((t) => t.share.answering.length > 1).length;
    console.log(`  task × agency matrix: ${cells} cells (${d.tasks.length} tasks, ${shared} shared, group tasks expanded to their members)`);
    console.log(`  totals: ${JSON.stringify(d.totals)}; late groups: ${d.lateGroups.length}; agencies: ${d.agencies.length}; not reported: ${d.notReported.length}`);
    console.log(`  sizes: html ${(html.length / 1024).toFixed(0)} KiB, text ${(text.length / 1024).toFixed(0)} KiB, xlsx ${(xlsx.length / 1024).toFixed(0)} KiB, eml ${(eml.length / 1024).toFixed(0)} KiB, summary ${(summary.length / 1024).toFixed(0)} KiB`);
  }
}

await main();
