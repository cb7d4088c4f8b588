/**
 * `intake match FILE [--agency NAME] [--as-of DATE] [--json]` — reads a report and matches its rows to the registry
 * (the tasks in the local store, or seeds/registry/ when nothing is loaded). Without --agency the reporting agency
 * is found in the document (title, agency column) or the file name, and the output says how.
 *
 * --json prints `{ agency, agencyName, agencySource, asOf, registry, rows: [{ section, stt, content, taskId, score,
 * decision, candidates: [{ taskId, score, why }], alsoMatches, status, statusSource, deadline, due, overdue }] }`.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { viDate as viDay, vnToday } from '#shared/domain/dates';
import { DECISION_LABEL, STATUS_LABEL } from '#shared/domain/labels';
import { cut as cutText, scoreText } from '#cli/voice';
import { DayArg, parseArgs } from '#shared/deadlines';
import type { Task } from '#shared/domain/task';
import type { Memory } from '#shared/match/memory';

const Options = z.object({
  agency: z.string().min(1, 'cần tên, viết tắt hoặc mã cơ quan').optional(),
  asOf: DayArg.optional(),
  json: z.boolean().optional(),
});

export const MatchOutputRow = z.object({
  section: z.string().nullable(),
  stt: z.string().nullable(),
  content: z.string(),
  taskId: z.string().nullable(),
  score: z.number(),
  decision: z.enum(['auto', 'review', 'new']),
  candidates: z.array(z.object({ taskId: z.string(), score: z.number(), why: z.array(z.string()).optional() })),
  alsoMatches: z.array(z.string()),
  status: z.enum(['completed', 'not_completed', 'in_progress', 'recurring']).nullable(),
  statusSource: z.enum(['mark', 'assessment', 'result', 'none']),
  deadline: z.string().nullable(),
  due: z.string().nullable(),
  overdue: z.boolean(),
});
export type MatchOutputRow = z.infer<typeof MatchOutputRow>;


/** The registry to match against: the store's tasks, or the seed registry when the store holds none. */
/** The registry, and the secretariat's decisions for the agency (#19), from the store (else the seed registry). */
async function loadRegistry(cmd: Command, at: { agencyId?: string; asOf: string; texts: string[] }): Promise<{ tasks: Task[]; from: string; memory?: Memory }> {
  const { seedRegistry } = await import('#shared/registry');
  try {
    const { withStore } = await import('#cli/context');
    const { loadMemory } = await import('#shared/review/memory');
    const { tasks, memory } = await withStore(cmd, async (ctx) => ({
      tasks: await ctx.store.listTasks(),
      memory: await loadMemory(ctx.store, { agencyId: at.agencyId, reportDate: at.asOf, texts: at.texts }),
    }));
    if (tasks.length) return { tasks, from: 'store', memory };
  } catch (err) {
    process.stderr.write(`intake match: không đọc được kho dữ liệu (${(err as Error).name}); dùng seeds/registry\n`);
  }
  return { tasks: seedRegistry(), from: 'seeds/registry' };
}

/** a padded column (#cli/voice cut). */
const cut = (s: string | undefined, n: number) => cutText(s, n, true);

export function register(program: Command): void {
  program
    .command('match')
    .description('Đối chiếu các dòng của một báo cáo với danh mục nhiệm vụ (khớp / cần xem xét / mới) và đọc tình trạng')
    .argument('<file>', 'tệp báo cáo (DOCX, XLSX, PDF, HTML, văn bản)')
    .option('--agency <agency>', 'cơ quan báo cáo (mã, tên hoặc tên viết tắt, ví dụ "BTP"); mặc định: tìm trong văn bản')
    .option('--as-of <date>', 'ngày đối chiếu (dd/mm/yyyy hoặc YYYY-MM-DD); mặc định: hôm nay')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (file: string, raw: unknown, cmd: Command) => {
      const opts = parseArgs(Options, raw);
      const { readFile } = await import('node:fs/promises');
      const { basename } = await import('node:path');
      const { extract } = await import('#shared/extract');
      const { detectAgency, findAgency } = await import('#shared/match');
      const { understandReport, matchUnderstood } = await import('#shared/ingest/read-report');
      const { defaultStages } = await import('#shared/ingest/stages');
      const { overdue } = await import('#shared/match/status');
      const { parseDeadline, dueOf } = await import('#shared/deadlines');
      const { agencyDirectory } = await import('#shared/agencies');
      const { whyVi, agencySourceVi } = await import('#shared/match/explain');

      const asOf = opts.asOf ?? vnToday();
      const name = basename(file);
      const result = await extract({ bytes: new Uint8Array(await readFile(file)), name });

      let known: { agencyId?: string; agencySource?: string } = {};
      if (opts.agency) {
        const a = findAgency(opts.agency.normalize('NFC'));
        if (!a) throw Object.assign(new Error(`unknown agency: ${opts.agency}`), { messageVi: `Không nhận ra cơ quan "${opts.agency}"` });
        known = { agencyId: a.id, agencySource: '--agency' };
      }
      // the same steps as the ingest path (agency detection, report date, rows, matching), as if received on --as-of
      const stages = await defaultStages();
      const understood = understandReport(result, { fileName: name, receivedAt: asOf, ...known }, stages);
      const { agencyId } = understood;
      const agencySource = understood.agencySource?.replace(/^document:/, '') ?? detectAgency(result, name).how;
      const agencyName = agencyId ? agencyDirectory().nameOn(agencyId, asOf) : null;

      const { tasks, from, memory } = await loadRegistry(cmd, { agencyId, asOf: understood.reportDate, texts: understood.rows.map((r) => r.content ?? '') });
      const byId = new Map(tasks.map((t) => [t.id, t]));
      const rows = understood.rows;
      const matched = matchUnderstood(understood, tasks, stages, memory);

      const out: MatchOutputRow[] = rows.map((row, i) => {
        const { match, status } = matched[i]!;
        const task = match.taskId ? byId.get(match.taskId) : undefined;
        const deadline = task?.deadline ?? (row.deadline ? parseDeadline(row.deadline, { reference: asOf }) : undefined);
        return MatchOutputRow.parse({
          section: row.section ?? null,
          stt: row.stt ?? null,
          content: row.content ?? '',
          taskId: match.taskId,
          score: match.score,
          decision: match.decision,
          candidates: match.candidates,
          alsoMatches: match.alsoMatches ?? [],
          status: status.value,
          statusSource: status.source,
          deadline: row.deadline ?? task?.deadline.raw ?? null,
          due: (deadline && dueOf(deadline)) ?? null,
          overdue: deadline ? overdue(status, deadline, asOf) : false,
        });
      });

      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ agency: agencyId ?? null, agencyName, agencySource, asOf, registry: from, rows: out }, null, 2)}\n`);
        return;
      }
      const count = (d: string) => out.filter((r) => r.decision === d).length;
      const lines: string[] = [];
      lines.push(`${name}: ${out.length} dòng — ${count('auto')} ${DECISION_LABEL.auto}, ${count('review')} ${DECISION_LABEL.review}, ${count('new')} ${DECISION_LABEL.new}`);
      lines.push(`Cơ quan báo cáo: ${agencyName ?? 'không xác định'} (${agencySourceVi(agencySource)}); đối chiếu ngày ${viDay(asOf)}; danh mục: ${from} (${tasks.length} nhiệm vụ)`);
      let section: string | null = null;
      for (const r of out) {
        if (r.section !== section) {
          section = r.section;
          if (section) lines.push(`  ${section}`);
        }
        const status = r.status ? STATUS_LABEL[r.status] : '—';
        const late = r.overdue ? ' QUÁ HẠN' : '';
        lines.push(
          `  ${cut(r.stt ?? '', 4)} ${cut(DECISION_LABEL[r.decision], 9)} ${cut(r.taskId ?? '—', 18)} ${scoreText(r.score)}  ${cut(status, 16)}${cut(late, 8)} ${cut(r.content, 60)}`,
        );
        if (r.decision === 'review') {
          for (const c of r.candidates.slice(0, 3)) lines.push(`        ? ${cut(c.taskId, 18)} ${scoreText(c.score)}  ${(c.why ?? []).map(whyVi).join('; ')}`);
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
