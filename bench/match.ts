/**
 * `npm run bench:match` — accuracy and speed of matching and status reading.
 *
 * Accuracy, against the registry the answers were labelled with (Chỉ thị 04/CT-TTg + 05/CT-TTg):
 *  - tests/fixtures/reports (read through extract()), answers in *.gold.json;
 *  - seed 002, the secretariat's 51 late tasks, answers in tests/fixtures/labels/seed-002.json.
 * Printed: precision of `auto`; share of matchable rows whose task is right (auto, or review with it first);
 * share of new rows told apart (decision `new`); status accuracy. Also the fixtures against the whole seed registry.
 * Speed: rows per second, warm, against the registry grown to 10,000 tasks with synthesised variants (clauses of
 * several tasks mixed, numbers and years changed), one report at a time (one-to-one per report).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { extract } from '#shared/extract';
import type { ReportRow } from '#shared/domain/row';
import type { Task } from '#shared/domain/task';
import { parseDeadline } from '#shared/deadlines';
import { detectAgency, matchReport, THRESHOLDS } from '#shared/match';
import { seedRegistry } from '#shared/registry';

type Row = ReportRow & { table: number };
interface Labelled {
  name: string;
  agencyId?: string;
  reportDate: string;
  rows: Row[];
  want: Array<string | null>;
  status?: Array<string | null>;
}

const LABELLED = ['04/CT-TTg', '05/CT-TTg'];
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}% (${a}/${b})` : 'n/a');

async function fixtures(): Promise<Labelled[]> {
  const dir = 'tests/fixtures/reports';
  const out: Labelled[] = [];
  for (const f of readdirSync(dir).filter((x) => !x.endsWith('.json')).sort()) {
    const gold = JSON.parse(readFileSync(`${dir}/${f.replace(/\.\w+$/, '.gold.json')}`, 'utf8')) as { rows: Array<{ task: string | null; status: string }> };
    const r = await extract({ bytes: new Uint8Array(readFileSync(`${dir}/${f}`)), name: f });
    const rows = r.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows.map((row) => ({ ...row, table: t.index })));
    if (rows.length !== gold.rows.length) console.warn(`${f}: ${rows.length} rows read, ${gold.rows.length} in the gold`);
    out.push({ name: f, agencyId: detectAgency(r, f).agencyId, reportDate: '2024-06-14', rows, want: gold.rows.map((g) => g.task), status: gold.rows.map((g) => g.status) });
  }
  return out;
}

async function seed002(): Promise<Labelled> {
  const labels = JSON.parse(readFileSync('tests/fixtures/labels/seed-002.json', 'utf8')) as { rows: Array<{ label: string }> };
  const r = await extract({ bytes: new Uint8Array(readFileSync('seeds/sources/002_5d4564070445dda2.txt')), name: '002.txt' });
  const rows = r.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows.map((row) => ({ ...row, table: t.index })));
  return { name: 'seed 002', reportDate: '2024-06-20', rows, want: labels.rows.map((l) => (l.label === 'new' ? null : l.label)) };
}

interface Score {
  auto: number;
  autoRight: number;
  matchable: number;
  found: number;
  fresh: number;
  freshRight: number;
  /** rows labelled new sent to review (a registry task's own words, with the evidence against it) and auto. */
  freshReview: number;
  freshAuto: number;
  /** rows labelled with a registry task that came out `new`. */
  taskCalledNew: number;
  status: number;
  statusRight: number;
  /** calibration: the lowest score of a right auto, the highest score of a wrong first candidate. */
  lowestRightAuto: number;
  highestWrongTop: number;
  late: number;
  lateRead: number;
}

function evaluate(reports: Labelled[], tasks: Task[], opts: { outside?: (id: string) => boolean } = {}): Score {
  const s: Score = { auto: 0, autoRight: 0, matchable: 0, found: 0, fresh: 0, freshRight: 0, freshReview: 0, freshAuto: 0, taskCalledNew: 0, status: 0, statusRight: 0, late: 0, lateRead: 0, lowestRightAuto: Infinity, highestWrongTop: -Infinity };
  for (const rep of reports) {
    const res = matchReport({ rows: rep.rows, agencyId: rep.agencyId, reportDate: rep.reportDate }, tasks);
    res.forEach(({ match, status }, i) => {
      const want = rep.want[i] ?? null;
      const top = match.candidates[0];
      if (match.decision === 'auto' && match.taskId === want) s.lowestRightAuto = Math.min(s.lowestRightAuto, match.score);
      if (top && top.taskId !== want && !(opts.outside && !want && opts.outside(top.taskId))) s.highestWrongTop = Math.max(s.highestWrongTop, top.score);
      if (match.decision === 'auto') {
        s.auto++;
        // against a bigger registry than the labels know, a row labelled new may rightly take a task of another plan
        if (match.taskId === want || (!want && opts.outside?.(match.taskId!))) s.autoRight++;
      }
      if (want) {
        s.matchable++;
        if (match.decision !== 'new' && match.taskId === want) s.found++;
        if (match.decision === 'new') s.taskCalledNew++;
      } else {
        s.fresh++;
        const outsideTask = !!(opts.outside && match.taskId && opts.outside(match.taskId));
        if (match.decision === 'new' || outsideTask) s.freshRight++;
        else if (match.decision === 'review') s.freshReview++;
        else s.freshAuto++;
      }
      if (rep.status) {
        const gold = rep.status[i]!;
        s.status++;
        if (status.value === gold) s.statusRight++;
      } else {
        // seed 002 lists late tasks: every one is not completed (in progress or not)
        s.late++;
        if (status.value === 'not_completed' || status.value === 'in_progress') s.lateRead++;
      }
    });
  }
  return s;
}

/**
 * A deterministic registry of `n` tasks: the seed tasks plus synthesised ones that share their vocabulary — each made
 * of 2–4 clauses of different seed tasks, numbers and years changed, under invented plan numbers. (Prefixes of one
 * task copied 40 times over would be a different test: of how near-duplicates crowd the candidate list.)
 */
function grow(base: Task[], n: number): Task[] {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const clauses = base.flatMap((t) => t.content.split(/[;,.]\s+/).filter((c) => c.length > 12));
  const out = [...base];
  for (let i = out.length; i < n; i++) {
    const t = pick(base);
    const parts = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(clauses));
    const year = 2022 + Math.floor(rand() * 5);
    const content = parts.join(', ').replace(/\d+/g, (d) => String((Number(d) + 1 + Math.floor(rand() * 9)) % 1000));
    const number = `${100 + (i % 400)}/QĐ-SYN${Math.floor(i / 400)}`;
    const deadline = parseDeadline(`Tháng ${1 + Math.floor(rand() * 12)}/${year}`);
    out.push({ ...t, id: `${number}:${i}`, directive: { ...t.directive, number, kind: 'Quyết định', date: `${year - 1}-06-01` }, stt: String(i), content, deadline });
  }
  return out;
}

async function main() {
  const all = seedRegistry();
  if (!all.length) throw new Error('seeds/registry is empty: run the registry build first');
  const labelled = all.filter((t) => LABELLED.includes(t.directive.number));
  const fx = await fixtures();
  const s2 = await seed002();

  const lines: string[] = [];
  const show = (title: string, s: Score, opts: { status?: boolean } = {}) => {
    lines.push(`${title}`);
    lines.push(`  auto precision          ${pct(s.autoRight, s.auto)}`);
    lines.push(`  right task (auto/top-1) ${pct(s.found, s.matchable)}`);
    lines.push(`  new rows told apart     ${pct(s.freshRight, s.fresh)}; to review ${s.freshReview} (a task's own words, evidence against), auto ${s.freshAuto}`);
    lines.push(`  registry rows called new ${s.taskCalledNew}`);
    if (opts.status && s.status) {
      lines.push(`  status accuracy         ${pct(s.statusRight, s.status)}`);
    }
    lines.push(`  calibration             lowest right auto ${s.lowestRightAuto.toFixed(3)}; highest wrong first candidate ${s.highestWrongTop.toFixed(3)} (auto needs ≥ ${THRESHOLDS.auto}, no contrary evidence, lead ≥ ${THRESHOLDS.autoMargin})`);
    if (s.late) lines.push(`  status "not completed"  ${pct(s.lateRead, s.late)} (every row is a late task)`);
  };
  const fxRows = fx.reduce((n, r) => n + r.rows.length, 0);
  show(`Fixtures (${fx.length} reports, ${fxRows} rows, via extract) vs 04/CT-TTg + 05/CT-TTg (${labelled.length} tasks)`, evaluate(fx, labelled), { status: true });
  const outside = (id: string) => !LABELLED.some((d) => id.startsWith(`${d}:`));
  show(`Fixtures vs the whole seed registry (${all.length} tasks; rows labelled new may take a 142/QĐ-VPCP or 175/NQ-CP task)`, evaluate(fx, all, { outside }));
  const s = evaluate([s2], labelled);
  show(`Seed 002 (${s2.rows.length} rows: ${s.matchable} registry tasks, ${s.fresh} new) vs 04/CT-TTg + 05/CT-TTg`, s);
  lines.push(`  precision (auto)        ${pct(s.autoRight, s.auto)}; recall (auto or review top-1) ${pct(s.found, s.matchable)}; recall of auto alone ${pct(s.autoRight, s.matchable)}`);

  // speed
  const big = grow(all, 10_000);
  let t0 = performance.now();
  matchReport({ rows: fx[0]!.rows.slice(0, 1), reportDate: '2024-06-14' }, big); // builds the index
  const build = performance.now() - t0;
  const reports = [...fx, s2];
  const grown = evaluate(fx, big, { outside });
  for (let i = 0; i < 2; i++) for (const r of reports) matchReport({ rows: r.rows, agencyId: r.agencyId, reportDate: r.reportDate }, big); // warm
  let rows = 0;
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let round = 0;
  while (performance.now() - t0 < 3000) {
    round++;
    for (const r of reports) {
      // every round's rows are new text (no cached keys), as every real report is
      const fresh = r.rows.map((row) => ({ ...row, content: `${row.content ?? ''} (${round})`, result: `${row.result ?? ''} ${round}` }));
      matchReport({ rows: fresh, agencyId: r.agencyId, reportDate: r.reportDate }, big);
      rows += r.rows.length;
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  // the machine is shared: CPU seconds of this (single-threaded) process measure one core; wall time shows the load
  lines.push(
    `Speed vs ${big.length} tasks (synthesised variants): index built in ${build.toFixed(0)} ms; ${Math.round(rows / cpuSecs)} rows per CPU-second, warm, one core (${rows} rows; ${Math.round(rows / secs)} rows/s wall clock on a shared machine)`,
  );
  lines.push(`  fixtures vs the 10,000-task registry: auto precision ${pct(grown.autoRight, grown.auto)}, right task ${pct(grown.found, grown.matchable)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:match failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
