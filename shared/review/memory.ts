/**
 * Reading the matcher's memory from the store (#19), once per report, before matching: the agency's decisions
 * (one query on its DECISION#<agency> partition), its previous processed report's rows, and — for the report's own
 * row texts — other agencies' decisions on the same normalised text (one query per distinct text on its DECTEXT key,
 * never a scan; a feature only, never auto on its own). Ingest, `intake match` and the console all call this, then
 * pass the result to `matchReport(…, memory)`: one path.
 */
import type { DecisionRecord } from '#shared/domain/decision';
import type { Store } from '#shared/store/records';
import { matchKey } from '#shared/match/normalise';
import { buildMemory, type Memory } from '#shared/match/memory';

/** Queries in flight at once for other agencies' decisions (a report has tens to hundreds of rows). */
const PARALLEL = 8;

/** Other agencies' standing decisions on the given texts (by key: one query per distinct normalised text). */
export async function othersDecisions(store: Store, agencyId: string, texts: string[]): Promise<DecisionRecord[]> {
  const keys = [...new Set(texts.map((t) => matchKey(t)).filter(Boolean))];
  const out: DecisionRecord[] = [];
  for (let i = 0; i < keys.length; i += PARALLEL) {
    const got = await Promise.all(keys.slice(i, i + PARALLEL).map((k) => store.listDecisionsByText(k)));
    for (const d of got.flat()) if (d.agencyId !== agencyId && d.agencyId !== '-' && !d.withdrawnAt) out.push(d);
  }
  return out;
}

export async function loadMemory(
  store: Store,
  opts: { agencyId?: string; reportId?: string; reportDate?: string; texts?: string[] },
): Promise<Memory | undefined> {
  if (!opts.agencyId) return undefined;
  const agencyId = opts.agencyId;
  const [decisions, reports, others] = await Promise.all([
    store.listDecisions({ agencyId }),
    store.listReports({ agencyId }),
    opts.texts?.length ? othersDecisions(store, agencyId, opts.texts) : Promise.resolve([]),
  ]);
  const dateOf = (r: { reportDate?: string; receivedAt: string }) => r.reportDate ?? r.receivedAt.slice(0, 10);
  const earlier = reports
    .filter((r) => r.id !== opts.reportId && r.state === 'processed' && (!opts.reportDate || dateOf(r) <= opts.reportDate))
    .sort((a, b) => dateOf(b).localeCompare(dateOf(a)) || b.receivedAt.localeCompare(a.receivedAt));
  const prev = earlier[0];
  const previous = prev ? { reportId: prev.id, fileName: prev.fileName, reportDate: dateOf(prev), rows: await store.listRows(prev.id) } : undefined;
  if (!decisions.length && !previous && !others.length) return undefined;
  return buildMemory({ agencyId, decisions: [...decisions, ...others], previous });
}
