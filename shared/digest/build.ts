/** The digest as of a date, from what the store holds: statuses as of then, the period, the previous digest, unreachable addresses. */
import { periodOf } from '#shared/meetings';
import type { Store } from '#shared/store/records';
import type { Meeting } from '#shared/domain/meeting';
import type { StatusEntry, StoredRow } from '#shared/domain/report';
import { directoryNames } from './agency-names';
import { consolidate, isEvidence, reportDay, type AgencyNames } from './consolidate';
import { Summary, type Digest, type TaskLine, type UnreachableRef } from './model';
import type { AgencyContact } from '#shared/domain/contact';
import { agencyForSender } from '#shared/inbound/sender';
import { recipientStateVi } from '#shared/recipients/health';

export interface BuildOptions {
  store: Store;
  asOf: string;
  meeting?: Meeting | null;
  agencies?: AgencyNames;
  now?: Date;
}

/** `read` over every item, at most 16 at a time (a store round trip each), answers in the items' order. */
async function inParallel<T, R>(items: T[], read: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(16, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await read(items[i]!);
  }));
  return out;
}

/**
 * Status entries as of `asOf`: the latest ones, and whole histories only for tasks whose latest is newer than asOf
 * or is no evidence (a blank row, a retracted entry): the answer before it is then the one that counts.
 */
async function statusesAsOf(store: Store, asOf: string): Promise<StatusEntry[]> {
  const latest = await store.latestStatuses();
  const later = [...new Set(latest.filter((e) => e.reportDate.slice(0, 10) > asOf || !isEvidence(e)).map((e) => e.taskId))];
  if (!later.length) return latest;
  const laterSet = new Set(later);
  const keep = latest.filter((e) => !laterSet.has(e.taskId));
  for (const history of await inParallel(later, (taskId) => store.statusHistory(taskId))) keep.push(...history);
  return keep;
}

/** The last digest sent before `asOf` (for "change since the previous digest"). */
async function previousDigest(store: Store, asOf: string): Promise<{ asOf: string; summary: Summary; at?: string } | undefined> {
  let best: { asOf: string; summary: Summary; at?: string } | undefined;
  for (const r of await store.listDigests()) {
    if (!r.sentAt || r.asOf >= asOf) continue;
    const s = Summary.safeParse(r.summary);
    if (!s.success) continue;
    if (!best || r.asOf > best.asOf) best = { asOf: r.asOf, summary: s.data, at: r.sentAt };
  }
  return best;
}

/** every kind of record the digest reads (a write of any of them makes a kept digest stale). */
export const DIGEST_READS = ['registry', 'status', 'reports', 'rows', 'contacts', 'meetings', 'recipients'] as const;

/**
 * The digest as of a day. Through the console's read cache (store.memo) it is consolidated once per state of the
 * records and reused by every page until one of them is written; only its generatedAt is today's.
 */
export async function buildDigest(opts: BuildOptions): Promise<Digest> {
  if (!opts.store.memo || opts.agencies) return build(opts);
  const d = await opts.store.memo([...DIGEST_READS], `digest#${opts.asOf}#${JSON.stringify(opts.meeting ?? null)}`, () => build(opts));
  return { ...d, generatedAt: (opts.now ?? new Date()).toISOString() };
}

async function build(opts: BuildOptions): Promise<Digest> {
  const { store, asOf } = opts;
  const meeting = opts.meeting ?? null;
  const [tasks, statuses, reports, reviewRows, contacts, meetings, previous] = await Promise.all([
    store.listTasks(), statusesAsOf(store, asOf), store.listReports(), store.listReviewRows(),
    store.listContacts(), meeting ? store.listMeetings() : Promise.resolve([] as Meeting[]), previousDigest(store, asOf),
  ]);
  const period = periodOf(meeting, meetings, asOf);
  // rows reporting tasks not in the registry: read from this period's reports that had any, or rows for review
  // (the secretariat may have marked one "new"; the report's counts are those of the matcher)
  const inPeriod = reports.filter((r) => {
    const d = reportDay(r);
    return (!period.from || d >= period.from) && d <= period.to && (r.counts?.new === undefined || r.counts.new > 0 || (r.counts.review ?? 0) > 0);
  });
  const unregisteredRows: StoredRow[] = [];
  for (const rows of await inParallel(inPeriod, (r) => store.listRows(r.id))) {
    for (const row of rows) {
      if (row.override?.action === 'new' || (!row.override && row.match?.decision === 'new')) unregisteredRows.push(row);
    }
  }
  const digest = consolidate({
    asOf,
    tasks,
    statuses,
    reports,
    reviewRows,
    unregisteredRows,
    contacts,
    meeting,
    period,
    previous,
    agencies: opts.agencies ?? directoryNames(),
    generatedAt: (opts.now ?? new Date()).toISOString(),
  });
  return { ...digest, unreachable: await unreachableRecipients(store, contacts, opts.agencies ?? directoryNames(), asOf) };
}

/** The addresses on do-not-send, with the agency they belong to (from the contacts). */
async function unreachableRecipients(store: Store, contacts: AgencyContact[], agencies: AgencyNames, asOf: string): Promise<UnreachableRef[]> {
  const list = (await store.listRecipients()).filter((r) => r.doNotSend);
  return list.map((r) => {
    const agencyId = agencyForSender(r.address, contacts).agencyId;
    return {
      address: r.address, stateVi: recipientStateVi(r), since: r.since, ...(r.last.status ? { status: r.last.status } : {}),
      ...(agencyId ? { agencyId, agencyName: agencies.nameOn(agencyId, asOf) } : {}),
    };
  }).sort((a, b) => (a.agencyName ?? '~').localeCompare(b.agencyName ?? '~', 'vi') || a.address.localeCompare(b.address));
}

/**
 * One task's consolidated status on a date, with who answers for it and how each one stands (its row of the
 * task × agency matrix) — for `intake digest task` and the console. Undefined when the task is not in force.
 */
export async function taskStatus(opts: { store: Store; asOf: string; taskId: string; agencies?: AgencyNames }): Promise<TaskLine | undefined> {
  const d = await buildDigest({ store: opts.store, asOf: opts.asOf, agencies: opts.agencies });
  return d.tasks.find((t) => t.taskId === opts.taskId);
}
