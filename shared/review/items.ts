/**
 * Out-of-registry items (#19, item 3): the rows the secretariat marked new, kept as standing `new` decisions
 * (shared/review/decide.ts), listed, and promoted into the registry as a task that takes over their rows.
 *
 * `promoteItem` runs in named phases:
 *   1. findItem     — the item (a standing `new` decision; its id or a unique prefix of it)
 *   2. taskFromItem — the new registry task: the item's wording, its agency as lead, its deadline cell, the
 *                     directive it is assigned under (an id that is not taken yet)
 *   3. putTask      — written to the registry (marked `promoted`: a later import of the directive never retires it)
 *   4. linkedRows   — the rows about the item: its own row, and the agency's later rows the matcher linked to it
 *                     (marked new from the memory: the same or a near-identical wording — the matcher's own rule)
 *   5. takeOver     — each row accepted for the task through `decide()`: override, status history by the
 *                     secretariat ("latest" moves as usual), and a decision record the next round recalls
 *   6. closeItem    — the item stays in the history, withdrawn, `promotedTo` the task
 */
import type { DecisionRecord } from '#shared/domain/decision';
import type { Report, StoredRow } from '#shared/domain/report';
import type { Directive, Task } from '#shared/domain/task';
import type { Store } from '#shared/store/records';
import { matchKey, matchTokens, nearSimilarity } from '#shared/match';
import { parseDeadline } from '#shared/deadlines';
import { agencyDirectory } from '#shared/agencies';
import { DirectiveNumber, kindOf } from '#shared/registry/directive';
import { decide } from './decide';

export type ItemErrorCode = 'no_item' | 'ambiguous_item' | 'task_exists' | 'bad_directive' | 'bad_task_id';

/** A promotion that cannot be done: what and why, in Vietnamese for the secretariat (nothing was written). */
export class ItemError extends Error {
  override name = 'ItemError';
  constructor(public code: ItemErrorCode, message: string, public messageVi: string) {
    super(message);
  }
}

export interface ItemView extends DecisionRecord {
  /** a short id for the CLI and the console (a unique prefix of the record id works too). */
  ref: string;
}

/** The items, oldest first: standing ones, and with `all` the promoted (and withdrawn) ones too. */
export async function listOutOfRegistry(store: Store, opts: { agencyId?: string; all?: boolean } = {}): Promise<ItemView[]> {
  const all = await store.listDecisions(opts.agencyId ? { agencyId: opts.agencyId } : {});
  return all
    .filter((d) => d.answer.kind === 'new' && (opts.all ? !d.withdrawnAt || d.promotedTo : !d.withdrawnAt))
    .map((d) => ({ ...d, ref: d.id.slice(0, 8) }));
}

/** 1. The standing item with that id (or a unique prefix of it). */
export async function findItem(store: Store, ref: string): Promise<DecisionRecord> {
  const items = (await store.listDecisions()).filter((d) => d.answer.kind === 'new' && !d.withdrawnAt);
  const hits = items.filter((d) => d.id === ref || d.id.startsWith(ref));
  const exact = hits.find((d) => d.id === ref);
  if (exact) return exact;
  if (hits.length > 1) {
    throw new ItemError('ambiguous_item', `ambiguous item prefix: ${ref}`, `Mã "${ref}" trùng với ${hits.length} nhiệm vụ ngoài danh mục; ghi dài hơn`);
  }
  if (!hits[0]) throw new ItemError('no_item', `no out-of-registry item ${ref}`, `Không có nhiệm vụ ngoài danh mục "${ref}" (xem: intake items list)`);
  return hits[0];
}

export interface PromoteOptions {
  /** the registry id of the new task: `<directive>:<stt>` or `<directive>:<section>.<stt>`. */
  taskId: string;
  /** the directive it is assigned under; when the registry has none of its tasks, `issued` and `title` are needed. */
  directive: string;
  issued?: string;
  title?: string;
  /** the task's wording in the registry (default: the item's wording as the agency wrote it). */
  content?: string;
  by: string;
  at?: string;
}

/** 2. The registry task the item becomes. */
export async function taskFromItem(store: Store, item: DecisionRecord, opts: PromoteOptions, at: string): Promise<Task> {
  const parsed = DirectiveNumber.safeParse(opts.directive);
  if (!parsed.success) {
    throw new ItemError('bad_directive', `invalid directive number: ${opts.directive}`, `Số hiệu văn bản "${opts.directive}" không hợp lệ (ví dụ "04/CT-TTg")`);
  }
  const number = parsed.data;
  const prefix = `${number}:`;
  const stt = opts.taskId.startsWith(prefix) ? opts.taskId.slice(prefix.length) : '';
  if (!/^([A-Za-zĐđ0-9]+\.)?[0-9]+[a-z]?$/u.test(stt)) {
    throw new ItemError('bad_task_id', `task id ${opts.taskId} is not ${prefix}<stt>`, `Mã nhiệm vụ "${opts.taskId}" phải có dạng ${prefix}STT (ví dụ ${prefix}12 hoặc ${prefix}B.12)`);
  }
  if (await store.getTask(opts.taskId)) {
    throw new ItemError('task_exists', `task ${opts.taskId} already exists`, `Danh mục đã có nhiệm vụ "${opts.taskId}"; chọn mã khác`);
  }
  const known = (await store.listTasks({ directive: number }))[0]?.directive;
  let directive: Directive;
  if (known) directive = known;
  else {
    if (!opts.issued || !opts.title) {
      throw new ItemError('bad_directive', `directive ${number} is not in the registry: give its date and title`, `Danh mục chưa có văn bản ${number}: cần ngày ban hành và trích yếu của văn bản`);
    }
    directive = { number, kind: kindOf(number) ?? 'Văn bản', date: opts.issued, title: opts.title };
  }
  const [section, sttOnly] = stt.includes('.') ? (stt.split('.') as [string, string]) : [undefined, stt];
  const lead = agencyDirectory().get(item.agencyId);
  const rowNo = Number(item.source.rowId.split('.')[1]);
  return {
    id: opts.taskId,
    directive,
    ...(section ? { section: { code: section, title: '' } } : {}),
    stt: sttOnly,
    content: (opts.content ?? item.text).normalize('NFC'),
    ...(opts.content ? { contentRaw: item.text } : {}),
    lead: { raw: lead?.name ?? item.agencyId, ids: [item.agencyId] },
    deadline: parseDeadline(item.deadline ?? '', item.source.reportDate ? { reference: item.source.reportDate } : {}),
    provenance: { file: item.source.fileName ?? item.source.reportId, ...(rowNo ? { row: rowNo } : {}) },
    promoted: { at, by: opts.by, itemId: item.id, agencyId: item.agencyId },
    history: [{ at, source: `promoted from out-of-registry item ${item.id}`, changes: [] }],
  };
}

/** The row's final answer is "new" (the secretariat's, or the matcher's from the memory). */
function endedNew(row: StoredRow): boolean {
  if (row.override) return row.override.action === 'new';
  return row.match?.decision === 'new' && row.match.recalled?.kind === 'new';
}

/** 4. The rows about the item: its own row, and the agency's rows from then on linked to it (same or near wording). */
export async function linkedRows(store: Store, item: DecisionRecord): Promise<Array<{ report: Report; row: StoredRow }>> {
  const key = item.textKey;
  const tokens = new Set(matchTokens(item.text));
  const since = item.source.reportDate ?? item.at.slice(0, 10);
  const reports = (await store.listReports({ agencyId: item.agencyId })).filter(
    (r) => r.id === item.source.reportId || (!r.withdrawn && r.state === 'processed' && (r.reportDate ?? r.receivedAt.slice(0, 10)) >= since),
  );
  const out: Array<{ report: Report; row: StoredRow }> = [];
  for (const report of reports) {
    for (const row of await store.listRows(report.id)) {
      const own = report.id === item.source.reportId && row.rowId === item.source.rowId;
      if (!own) {
        if (!endedNew(row)) continue;
        const content = row.cells.content ?? '';
        if (matchKey(content) !== key && !nearSimilarity(tokens, new Set(matchTokens(content)))) continue;
      }
      out.push({ report, row });
    }
  }
  return out;
}

export interface PromoteResult {
  task: Task;
  /** the rows the task took over (report id, row id). */
  rows: Array<{ reportId: string; rowId: string }>;
}

/** Promote an out-of-registry item into the registry as a task that takes over its rows (phases above). */
export async function promoteItem(store: Store, ref: string, opts: PromoteOptions): Promise<PromoteResult> {
  const at = opts.at ?? new Date().toISOString();
  const item = await findItem(store, ref);
  const task = await taskFromItem(store, item, opts, at);
  await store.putTasks([task]);
  const rows = await linkedRows(store, item);
  // mark the item first: decide() on its own row withdraws it and keeps the mark
  await store.putDecision({ ...item, promotedTo: task.id });
  for (const { report, row } of rows) {
    await decide(store, report, row, { action: 'accept', taskId: task.id }, { by: opts.by, at });
  }
  // 6. closeItem: withdrawn (no longer recalled as "new"), kept in the history with the task it became
  const now = (await store.listDecisions({ agencyId: item.agencyId, textKey: item.textKey })).find((d) => d.id === item.id) ?? item;
  if (!now.withdrawnAt) await store.putDecision({ ...now, promotedTo: task.id, withdrawnAt: at });
  return { task, rows: rows.map(({ row }) => ({ reportId: row.reportId, rowId: row.rowId })) };
}
