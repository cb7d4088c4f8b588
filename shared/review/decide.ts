/**
 * The secretariat's decision on a report row — one use case for the CLI (`intake review …`) and the console.
 *
 * Every decision is applied to the row (StoredRow.override, status history: ./corrections.ts) and kept as a
 * decision record (shared/domain/decision.ts) the matcher reads next round: accept → "this task", new → an
 * out-of-registry item, reject → "not this task" (negative evidence). Changing a decision withdraws the row's
 * earlier one (kept in the history, no longer used); `withdraw` takes the row's decision back (the row is asked again).
 */
import { randomUUID } from 'node:crypto';
import type { DecisionAnswer, DecisionRecord } from '#shared/domain/decision';
import type { Report, StoredRow } from '#shared/domain/report';
import type { Store } from '#shared/store/records';
import { matchKey } from '#shared/match/normalise';
import { applyCorrection } from './corrections';

export type SecretariatDecision =
  | { action: 'accept'; taskId: string }
  | { action: 'reject' }
  | { action: 'new' }
  | { action: 'withdraw' };

export interface DecideResult {
  /** the decision record written (none for `withdraw`). */
  record?: DecisionRecord;
  /** the earlier records of this row that were withdrawn. */
  withdrawn: DecisionRecord[];
}

/** The row's task for a rejection: the one the secretariat had accepted, else the matcher's. */
function rejectedTask(row: StoredRow): string | undefined {
  if (row.override?.action === 'accept' && row.override.taskId) return row.override.taskId;
  return row.match?.taskId ?? row.match?.candidates[0]?.taskId ?? undefined;
}

export async function decide(
  store: Store,
  report: Report,
  row: StoredRow,
  decision: SecretariatDecision,
  opts: { by: string; at?: string },
): Promise<DecideResult> {
  const at = opts.at ?? new Date().toISOString();
  const agencyId = report.agencyId ?? '-';
  const text = (row.cells.content ?? '').normalize('NFC');
  const textKey = matchKey(text);
  const fromRow = (await store.listDecisions({ agencyId, textKey })).filter(
    (d) => !d.withdrawnAt && d.source.reportId === report.id && d.source.rowId === row.rowId,
  );
  let answer: DecisionAnswer | undefined;
  if (decision.action === 'accept') answer = { kind: 'task', taskId: decision.taskId };
  else if (decision.action === 'new') answer = { kind: 'new' };
  else if (decision.action === 'reject') {
    const taskId = rejectedTask(row);
    if (taskId) answer = { kind: 'not', taskId };
  }
  // what this decision replaces: every earlier answer of the row on withdraw; its task/new answer otherwise (a
  // rejection of task X also ends an acceptance of X); rejections of other tasks stay
  const replaced = fromRow.filter((d) => {
    if (decision.action === 'withdraw') return true;
    if (d.answer.kind === 'not') return answer?.kind === 'task' && d.answer.taskId === answer.taskId;
    return true;
  });
  for (const d of replaced) await store.putDecision({ ...d, withdrawnAt: at });

  if (decision.action === 'withdraw') {
    if (row.override) {
      if (row.override.action === 'accept' && row.override.taskId) {
        await store.retractStatus({ taskId: row.override.taskId, reportId: report.id, rowId: row.rowId, by: 'secretariat' }, at);
      }
      const { override: _gone, ...rest } = row;
      await store.putRows([rest]);
    }
    return { withdrawn: replaced };
  }

  await applyCorrection(store, report, row, decision, { by: opts.by, at });
  if (!answer) return { withdrawn: replaced };
  const record: DecisionRecord = {
    id: randomUUID(),
    agencyId,
    textKey,
    text,
    ...(row.cells.refs ? { refs: row.cells.refs } : {}),
    ...(row.cells.deadline ? { deadline: row.cells.deadline } : {}),
    answer,
    by: opts.by,
    at,
    source: {
      reportId: report.id,
      rowId: row.rowId,
      fileName: report.fileName,
      ...(report.reportDate ? { reportDate: report.reportDate } : {}),
      ...(row.cells.stt ? { stt: row.cells.stt } : {}),
    },
  };
  await store.putDecision(record);
  return { record, withdrawn: replaced };
}
