/**
 * The review queue: every row that waits for the secretariat, in one order (report, then table and row):
 *  - `review`: the matcher was unsure (its candidates wait for a choice);
 *  - `new`: the row speaks of a task outside the registry and waits to be confirmed as new (or matched by hand).
 * A row leaves the queue when the secretariat decides it (an override). Withdrawn reports' rows do not wait.
 */
import type { StoredRow } from '#shared/domain/report';
import type { Store } from '#shared/store/records';

export type WaitingKind = 'review' | 'new';
export interface WaitingRow { kind: WaitingKind; row: StoredRow }

const rowKey = (r: Pick<StoredRow, 'reportId' | 'rowId'>) => `${r.reportId}#${r.rowId.split('.').map((p) => p.padStart(6, '0')).join('.')}`;

/** Position of a row in the queue's order (for "the next row after this one"). */
export function queueKey(r: Pick<StoredRow, 'reportId' | 'rowId'>): string {
  return rowKey(r);
}

export async function waitingRows(store: Pick<Store, 'listReviewRows' | 'listReports' | 'listRows'>): Promise<WaitingRow[]> {
  const [review, reports] = await Promise.all([store.listReviewRows(), store.listReports()]);
  const withdrawn = new Set(reports.filter((r) => r.withdrawn).map((r) => r.id));
  const out: WaitingRow[] = review.filter((r) => !r.override && !withdrawn.has(r.reportId)).map((row) => ({ kind: 'review' as const, row }));
  // rows about tasks outside the registry: only reports whose counts say they have any are read
  const withNew = reports.filter((r) => !r.withdrawn && (r.counts?.new ?? 0) > 0);
  const rows = await Promise.all(withNew.map((r) => store.listRows(r.id)));
  for (const row of rows.flat()) if (!row.override && row.match?.decision === 'new') out.push({ kind: 'new', row });
  return out.sort((a, b) => rowKey(a.row).localeCompare(rowKey(b.row)));
}

/** The row to open after deciding `current`: the next waiting one in the queue's order, else the first. */
export function nextAfter(waiting: WaitingRow[], current: Pick<StoredRow, 'reportId' | 'rowId'>): WaitingRow | undefined {
  const k = rowKey(current);
  const others = waiting.filter((w) => rowKey(w.row) !== k);
  return others.find((w) => rowKey(w.row) > k) ?? others[0];
}
