/**
 * Reading the matcher's memory from the store (#19), once per report, before matching: the agency's decisions
 * (one query on its DECISION#<agency> partition) and its previous processed report's rows. Ingest, `intake match`
 * and the console all call this, then pass the result to `matchReport(…, memory)`: one path.
 */
import type { Store } from '#shared/store/records';
import { buildMemory, type Memory } from '#shared/match/memory';

export async function loadMemory(
  store: Store,
  opts: { agencyId?: string; reportId?: string; reportDate?: string },
): Promise<Memory | undefined> {
  if (!opts.agencyId) return undefined;
  const [decisions, reports] = await Promise.all([store.listDecisions({ agencyId: opts.agencyId }), store.listReports({ agencyId: opts.agencyId })]);
  const dateOf = (r: { reportDate?: string; receivedAt: string }) => r.reportDate ?? r.receivedAt.slice(0, 10);
  const earlier = reports
    .filter((r) => r.id !== opts.reportId && r.state === 'processed' && (!opts.reportDate || dateOf(r) <= opts.reportDate))
    .sort((a, b) => dateOf(b).localeCompare(dateOf(a)) || b.receivedAt.localeCompare(a.receivedAt));
  const prev = earlier[0];
  const previous = prev ? { reportId: prev.id, fileName: prev.fileName, reportDate: dateOf(prev), rows: await store.listRows(prev.id) } : undefined;
  if (!decisions.length && !previous) return undefined;
  return buildMemory({ agencyId: opts.agencyId, decisions, previous });
}
