/**
 * Report rows in the agencies' own words, generated from the registry (for bench:rounds and tests): each agency
 * reports some of the tasks it leads, reworded as agencies write them — the task cut to its first clauses, a verb
 * swapped, clauses dropped or reordered, words left out, the agency's own opening, abbreviations — plus rows about work outside the registry (the notices' rows
 * of seed 002, labelled new there). Deterministic for a given random source.
 */
import type { ReportRow } from '#shared/domain/row';
import type { Task } from '#shared/domain/task';

export interface WordedReport {
  name: string;
  agencyId: string;
  rows: Array<ReportRow & { table: number }>;
  /** the task each row is about; null: outside the registry. */
  want: Array<string | null>;
}

const OPENINGS = ['', '', 'Tiếp tục ', 'Chủ động ', 'Tập trung '];
const SWAPS: Array<[RegExp, string]> = [
  [/\btriển khai\b/, 'thực hiện'],
  [/\bHoàn thành\b/, 'Hoàn tất'],
  [/\bCơ sở dữ liệu\b/g, 'CSDL'],
  [/\bthủ tục hành chính\b/g, 'TTHC'],
  [/\bdịch vụ công trực tuyến\b/g, 'DVCTT'],
  [/\bBộ Công an\b/g, 'BCA'],
];

function reword(task: Task, rand: () => number): string {
  const clauses = task.content.replace(/[.;\s]+$/, '').split(/;\s+|,\s+/);
  // some clauses kept, not always the first ones, not always in order; words dropped here and there
  const keep = Math.max(1, Math.ceil(clauses.length * (0.4 + 0.4 * rand())));
  const picked = clauses.map((c, i) => ({ c, k: i === 0 ? rand() * 0.5 : rand() })).sort((a, b) => a.k - b.k).slice(0, keep).map((x) => x.c);
  let t = picked
    .map((c) => c.split(' ').filter((w, i) => i === 0 || rand() > 0.15).join(' '))
    .join(', ');
  for (const [re, to] of SWAPS) if (rand() < 0.5) t = t.replace(re, to);
  const open = OPENINGS[Math.floor(rand() * OPENINGS.length)]!;
  if (open) t = open + t.charAt(0).toLowerCase() + t.slice(1);
  return rand() < 0.3 ? `${t} …` : `${t}.`;
}

/**
 * `perAgency` registry rows for each of the first `agencies` agencies that lead at least that many tasks, and
 * `outside` out-of-registry rows spread over them.
 */
export function agencyWordedReports(
  tasks: Task[],
  outsideRows: Array<Pick<ReportRow, 'content' | 'refs' | 'deadline'>>,
  rand: () => number,
  opts: { agencies?: number; perAgency?: number } = {},
): WordedReport[] {
  const agencies = opts.agencies ?? 8;
  const per = opts.perAgency ?? 8;
  const byLead = new Map<string, Task[]>();
  for (const t of tasks) {
    if (t.removed) continue;
    for (const id of t.lead?.ids ?? []) byLead.set(id, [...(byLead.get(id) ?? []), t]);
  }
  const chosen = [...byLead].filter(([, ts]) => ts.length >= per).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, agencies);
  const out: WordedReport[] = chosen.map(([agencyId]) => ({ name: `${agencyId}-6-thang`, agencyId, rows: [], want: [] }));
  chosen.forEach(([, ts], a) => {
    const rep = out[a]!;
    const pool = [...ts].sort(() => rand() - 0.5).slice(0, per);
    for (const t of pool) {
      rep.rows.push({
        table: 0, stt: String(rep.rows.length + 1), content: reword(t, rand),
        ...(rand() < 0.5 && t.deadline?.raw ? { deadline: t.deadline.raw } : {}),
        ...(rand() < 0.25 ? { refs: `Chỉ thị ${t.directive.number}` } : {}),
        result: 'Đang triển khai', source: { row: rep.rows.length + 1 },
      });
      rep.want.push(t.id);
    }
  });
  outsideRows.forEach((o, i) => {
    const rep = out[i % out.length]!;
    rep.rows.push({ table: 0, stt: String(rep.rows.length + 1), content: o.content, ...(o.refs ? { refs: o.refs } : {}), ...(o.deadline ? { deadline: o.deadline } : {}), result: 'Đã thực hiện', source: { row: rep.rows.length + 1 } });
    rep.want.push(null);
  });
  return out;
}
