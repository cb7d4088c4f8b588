/**
 * `npm run bench:rounds` — the second reporting round with decision memory (#19).
 *
 * Round 1: the fixture reports (tests/fixtures/reports, read through extract(), agency from the document), matched
 * with no memory; the secretariat then decides every row the matcher did not decide alone, from the gold
 * (accept the gold task, or mark new). Round 2: each agency's year-end report made from its round-1 report as agencies
 * make it — the same rows copied, results updated, rows in another order, every third row edited (a clause added, a
 * clause removed, words reordered, a typing slip) — matched with the memory (the decisions and the previous report).
 * Printed: share of round 2's task rows auto and right (verbatim and edited), auto wrong, rows back in the review queue.
 * Speed: rows per CPU-second with no memory and with 10,000 decision records for the agency.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { extract } from '#shared/extract';
import type { ReportRow } from '#shared/domain/row';
import type { StoredRow } from '#shared/domain/report';
import type { DecisionRecord } from '#shared/domain/decision';
import { buildMemory, detectAgency, matchKey, matchReport } from '#shared/match';
import { seedRegistry } from '#shared/registry';
import { prng } from '#testkit/reports';
import { agencyWordedReports } from '#testkit/wording';
import type { Task } from '#shared/domain/task';

type Row = ReportRow & { table: number };
interface Rep {
  name: string;
  agencyId: string;
  rows: Row[];
  want: Array<string | null>;
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}% (${a}/${b})` : 'n/a');
const CLAUSES = [
  'đồng thời báo cáo kết quả về Bộ Công an (qua Cục C06)',
  'bảo đảm tiến độ theo kế hoạch của Tổ công tác',
  'phối hợp chặt chẽ với các đơn vị liên quan',
  'kịp thời tháo gỡ khó khăn, vướng mắc phát sinh',
];

async function round1(): Promise<Rep[]> {
  const dir = 'tests/fixtures/reports';
  const out: Rep[] = [];
  for (const f of readdirSync(dir).filter((x) => !x.endsWith('.json')).sort()) {
    const gold = JSON.parse(readFileSync(`${dir}/${f.replace(/\.\w+$/, '.gold.json')}`, 'utf8')) as { rows: Array<{ task: string | null }> };
    const r = await extract({ bytes: new Uint8Array(readFileSync(`${dir}/${f}`)), name: f });
    const rows = r.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows.map((row) => ({ ...row, table: t.index })));
    out.push({ name: f, agencyId: detectAgency(r, f).agencyId!, rows, want: gold.rows.map((g) => g.task) });
  }
  return out;
}

type Edit = 'clause added' | 'clause removed' | 'words reordered' | 'typing slip';
const EDITS: Edit[] = ['clause added', 'clause added', 'words reordered', 'typing slip', 'clause removed'];

function edit(text: string, kind: Edit, rand: () => number): string {
  const t = text.replace(/[.;\s]+$/, '');
  const parts = t.split(/,\s+/);
  switch (kind) {
    case 'clause added':
      return `${t}, ${CLAUSES[Math.floor(rand() * CLAUSES.length)]}.`;
    case 'clause removed':
      return parts.length >= 3 ? `${parts.slice(0, -1).join(', ')}.` : `${t}, ${CLAUSES[0]}.`;
    case 'words reordered':
      if (parts.length >= 2) {
        const [a, b, ...rest] = parts;
        return [b, a, ...rest].join(', ');
      }
      return `${CLAUSES[1]}: ${t}`;
    case 'typing slip': {
      // one word without its diacritics, one letter doubled
      const words = t.split(' ');
      const i = Math.floor(rand() * words.length);
      words[i] = words[i]!.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
      const j = Math.floor(rand() * words.length);
      words[j] = words[j]!.replace(/([a-z])/, '$1$1');
      return words.join(' ');
    }
  }
}

interface Outcome {
  lines: string[];
}

/** Round 1 decided from the gold, round 2 measured (see the header). */
function rounds(title: string, reps: Rep[], tasks: Task[], rand: () => number): Outcome {
  let r1Rows = 0;
  let r1Review = 0;
  let r1AutoWrong = 0;
  let r1Decided = 0;
  let r1TaskAuto = 0;
  let r1TaskRows = 0;
  const s = { taskRows: 0, verbatim: 0, verbatimAuto: 0, edited: 0, editedAuto: 0, autoWrong: 0, review: 0, rows: 0, fresh: 0, freshNew: 0 };
  const byEdit = new Map<Edit, { n: number; auto: number }>();
  const misses: string[] = [];
  for (const rep of reps) {
    // round 1: the matcher alone, then the secretariat decides what it left
    const res = matchReport({ rows: rep.rows, agencyId: rep.agencyId, reportDate: '2024-06-14' }, tasks);
    const decisions: DecisionRecord[] = [];
    const stored: StoredRow[] = res.map(({ match, status }, i) => {
      const row = rep.rows[i]!;
      const want = rep.want[i] ?? null;
      const rowId = `${row.table}.${i}`;
      r1Rows++;
      if (match.decision === 'review') r1Review++;
      if (match.decision === 'auto' && match.taskId !== want) r1AutoWrong++;
      if (want) {
        r1TaskRows++;
        if (match.decision === 'auto' && match.taskId === want) r1TaskAuto++;
      }
      const base: StoredRow = { reportId: `r1-${rep.name}`, rowId, table: row.table, cells: row, match, status };
      if (match.decision === 'auto' && match.taskId === want) return base;
      if (match.decision === 'new' && !want) return base; // the matcher said new and it is: nothing to decide
      r1Decided++;
      const at = '2024-06-20T09:00:00.000Z';
      decisions.push({
        id: `${rep.name}-${i}`, agencyId: rep.agencyId, textKey: matchKey(row.content ?? ''), text: row.content ?? '',
        answer: want ? { kind: 'task', taskId: want } : { kind: 'new' }, by: 'secretariat', at,
        source: { reportId: base.reportId, rowId, fileName: rep.name, reportDate: '2024-06-14', ...(row.stt ? { stt: row.stt } : {}) },
      });
      return { ...base, override: want ? { action: 'accept', taskId: want, at } : { action: 'new', at } };
    });
    const memory = buildMemory({ agencyId: rep.agencyId, decisions, previous: { reportId: `r1-${rep.name}`, fileName: rep.name, reportDate: '2024-06-14', rows: stored } });

    // round 2: the year-end report made from it
    const order = rep.rows.map((_, i) => i).sort(() => rand() - 0.5);
    const rows2: Row[] = [];
    const kinds: Array<Edit | undefined> = [];
    order.forEach((i, k) => {
      const row = rep.rows[i]!;
      const kind = k % 3 === 2 ? EDITS[Math.floor(rand() * EDITS.length)]! : undefined;
      kinds.push(kind);
      rows2.push({ ...row, content: kind ? edit(row.content ?? '', kind, rand) : row.content, result: `${row.result ?? ''} Cập nhật đến 15/12/2024: tiếp tục triển khai.`.trim() });
    });
    const res2 = matchReport({ rows: rows2, agencyId: rep.agencyId, reportDate: '2024-12-14', memory }, tasks);
    res2.forEach(({ match }, k) => {
      const want = rep.want[order[k]!] ?? null;
      const kind = kinds[k];
      s.rows++;
      if (match.decision === 'review') s.review++;
      if (match.decision === 'auto' && match.taskId !== want) s.autoWrong++;
      if (!want) {
        s.fresh++;
        if (match.decision === 'new') s.freshNew++;
        return;
      }
      s.taskRows++;
      const right = match.decision === 'auto' && match.taskId === want;
      if (kind) {
        s.edited++;
        if (right) s.editedAuto++;
        const e = byEdit.get(kind) ?? { n: 0, auto: 0 };
        e.n++;
        if (right) e.auto++;
        byEdit.set(kind, e);
      } else {
        s.verbatim++;
        if (right) s.verbatimAuto++;
      }
      if (!right) misses.push(`      ${rep.name} ${kind ?? 'verbatim'}: ${match.decision} ${match.taskId ?? '—'} (want ${want})`);
    });
  }

  const lines: string[] = [];
  lines.push(title);
  lines.push(`  round 1 (${reps.length} reports, ${r1Rows} rows, no memory): task rows auto ${pct(r1TaskAuto, r1TaskRows)}; ${r1Review} in review; ${r1Decided} decided by the secretariat (from the gold); auto wrong ${r1AutoWrong}`);
  lines.push(`  round 2 (the same agencies' year-end reports: rows copied, results updated, reordered, every third row edited), with the memory:`);
  lines.push(`    task rows auto and right  ${pct(s.verbatimAuto + s.editedAuto, s.taskRows)}`);
  lines.push(`      verbatim                ${pct(s.verbatimAuto, s.verbatim)}`);
  lines.push(`      edited                  ${pct(s.editedAuto, s.edited)} — ${[...byEdit].map(([k, v]) => `${k} ${v.auto}/${v.n}`).join(', ')}`);
  lines.push(`    auto wrong                ${s.autoWrong}`);
  lines.push(`    back in the review queue  ${pct(s.review, s.rows)}`);
  lines.push(`    new rows not asked again  ${pct(s.freshNew, s.fresh)}`);
  if (misses.length) lines.push('    task rows not decided alone:', ...misses);

  return { lines };
}

/** The generated set: 8 agencies × 8 registry rows reworded, plus seed 002's 20 first out-of-registry rows. */
async function agencyWording(tasks: Task[], rand: () => number): Promise<Rep[]> {
  const labels = JSON.parse(readFileSync('tests/fixtures/labels/seed-002.json', 'utf8')) as { rows: Array<{ label: string }> };
  const r = await extract({ bytes: new Uint8Array(readFileSync('seeds/sources/002_5d4564070445dda2.txt')), name: '002.txt' });
  const rows = r.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows);
  const outside = rows.filter((_, i) => labels.rows[i]?.label === 'new').slice(0, 20);
  return agencyWordedReports(tasks, outside, rand);
}

async function main() {
  const tasks = seedRegistry().filter((t) => ['04/CT-TTg', '05/CT-TTg'].includes(t.directive.number));
  const reps = await round1();
  const rand = prng(19);
  const lines: string[] = [];
  lines.push(...rounds(`Fixtures (tests/fixtures/reports, through extract())`, reps, tasks, rand).lines);
  const own = await agencyWording(tasks, prng(6));
  lines.push(...rounds(`Agencies' own words (generated: ${own.length} agencies, registry tasks reworded and cut, seed 002's out-of-registry rows)`, own, tasks, rand).lines);

  // speed: the same reports, every round new text, with no memory and with 10,000 decisions for the agency
  const all = seedRegistry();
  const clauses = all.flatMap((t) => t.content.split(/[;,.]\s+/).filter((c) => c.length > 12));
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  /** each report's memory with `perAgency` synthetic decisions for its agency (none: no memory), and its build time. */
  const memoriesOf = (perAgency: number) => {
    let ms = 0;
    const memories = new Map(reps.map((rep) => {
      const decisions: DecisionRecord[] = Array.from({ length: perAgency }, (_, i) => {
        const text = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(clauses)).join(', ');
        return { id: `syn-${i}`, agencyId: rep.agencyId, textKey: matchKey(text), text, answer: { kind: 'task', taskId: pick(all).id }, by: 'bench', at: '2024-06-20T00:00:00Z', source: { reportId: 'syn', rowId: String(i) } };
      });
      const t = performance.now();
      const memory = perAgency ? buildMemory({ agencyId: rep.agencyId, decisions }) : undefined;
      ms += performance.now() - t;
      return [rep.name, memory] as const;
    }));
    return { memories, buildMs: ms / reps.length };
  };
  const configs = [
    { name: 'none', ...memoriesOf(0) },
    // 10,000 records over 150 agencies: a report reads its agency's share (one query)
    { name: 'spread', ...memoriesOf(Math.round(10_000 / 150)) },
    { name: 'tenK', ...memoriesOf(10_000) },
  ].map((c) => ({ ...c, rows: 0, cpu: 0, slices: [] as number[] }));
  let round = 0;
  const pass = (c: (typeof configs)[number]) => {
    round++;
    let rows = 0;
    const cpu0 = process.cpuUsage();
    for (const rep of reps) {
      const fresh = rep.rows.map((row) => ({ ...row, content: `${row.content ?? ''} (${round})` }));
      matchReport({ rows: fresh, agencyId: rep.agencyId, reportDate: '2024-12-14', memory: c.memories.get(rep.name) }, all);
      rows += fresh.length;
    }
    const cpu = process.cpuUsage(cpu0);
    return { rows, cpu: (cpu.user + cpu.system) / 1e6 };
  };
  for (const c of configs) for (let i = 0; i < 3; i++) pass(c); // warm
  // interleaved passes (none, spread, 10k, none, …): the shared machine's load falls on all three alike
  const t0 = performance.now();
  while (performance.now() - t0 < 9000) {
    for (const c of configs) {
      const p = pass(c);
      c.rows += p.rows;
      c.cpu += p.cpu;
      c.slices.push(p.rows / p.cpu);
    }
  }
  const rate = (c: (typeof configs)[number]) => c.rows / c.cpu;
  const [none, spread, tenK] = configs as [(typeof configs)[number], (typeof configs)[number], (typeof configs)[number]];
  // the noise: the spread of no-memory passes (middle half of them, as a ratio)
  const sorted = [...none.slices].sort((x, y) => x - y);
  const q = (f: number) => sorted[Math.floor(f * (sorted.length - 1))]!;
  lines.push(`Speed vs the seed registry (${all.length} tasks), every round new text, rows per CPU-second, ${none.slices.length} interleaved passes each: no memory ${Math.round(rate(none))} (passes vary ${(q(0.75) / q(0.25)).toFixed(2)}× between quartiles); 10,000 decision records over 150 agencies (67 per report's agency) ${Math.round(rate(spread))} (${(rate(spread) / rate(none)).toFixed(2)}×); 10,000 for the one agency ${Math.round(rate(tenK))} (${(rate(tenK) / rate(none)).toFixed(2)}×); building that memory (once per report) ${Math.round(tenK.buildMs)} ms wall`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:rounds failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
