/**
 * Reads the console repeats on every page, kept in memory while the data they come from has not changed: the
 * registry (registryVersion), the latest status per task and agency and the tasks' histories (status), the reports
 * (reports), the review queue and a report's rows (rows). Each kind has a version the store changes on every write
 * of that kind (shared/store/dynamo.ts); a read asks for the version (one GetItem, at most once per `checkEveryMs`)
 * and answers from memory when it is the one the cached answer was read under.
 *
 * Freshness: a write through this wrapper is seen at once (it drops the version it changed); a write by another
 * process (the ingest function, another console instance) within `checkEveryMs`. A version younger than `settleMs`
 * is not cached against: the lists come from eventually consistent indexes, which may not show that write yet.
 * Answers are shallow copies: a caller may sort or filter them without touching the cache. `memo` keeps a value
 * derived from several kinds (the digest of a day, shared/digest/build.ts) while none of them is written.
 */
import type { DataKind, Store } from './records';

type Kind = DataKind | 'registry';

export interface ReadCacheOptions {
  /** how often a kind's version is asked for (ms; default 100). */
  checkEveryMs?: number;
  /** versions younger than this are not cached against (ms; default 2000). */
  settleMs?: number;
  clock?: () => number;
}

export function withReadCache(store: Store, opts: ReadCacheOptions = {}): Store {
  if (!store.registryVersion || !store.dataVersion) return store;
  const registryVersion: () => Promise<string | undefined> = store.registryVersion.bind(store);
  const dataVersion: (kind: DataKind) => Promise<string | undefined> = store.dataVersion.bind(store);
  const checkEvery = opts.checkEveryMs ?? 100;
  const settle = opts.settleMs ?? 2000;
  const clock = opts.clock ?? Date.now;

  const checked = new Map<Kind, { at: number; version: Promise<string> }>();
  /** a kind never written has the version 'none' (its records, if any, predate versions and have not changed). */
  function versionOf(kind: Kind): Promise<string> {
    const last = checked.get(kind);
    if (last && clock() - last.at < checkEvery) return last.version;
    const version = (kind === 'registry' ? registryVersion() : dataVersion(kind)).then((v) => v ?? 'none');
    checked.set(kind, { at: clock(), version });
    version.catch(() => checked.delete(kind));
    return version;
  }
  const settled = (version: string) => {
    const t = Date.parse(version.split('#')[0] ?? '');
    return Number.isNaN(t) || clock() - t >= settle;
  };

  const caches = new Map<Kind, { version: string; answers: Map<string, Promise<unknown>> }>();
  async function cached<T>(kind: Kind, key: string, load: () => Promise<T[]>): Promise<T[]> {
    const version = await versionOf(kind);
    if (!settled(version)) return load();
    let c = caches.get(kind);
    if (c?.version !== version) caches.set(kind, (c = { version, answers: new Map() }));
    let answer = c.answers.get(key) as Promise<T[]> | undefined;
    if (!answer) {
      const answers = c.answers;
      answer = load();
      answers.set(key, answer);
      answer.catch(() => answers.delete(key));
    }
    return [...(await answer)];
  }
  /** derived values (the digest of a day): kept under the versions of every kind they were computed from. */
  const memos = new Map<string, { versions: string; value: Promise<unknown> }>();
  async function memo<T>(kinds: Kind[], key: string, compute: () => Promise<T>): Promise<T> {
    const versions = await Promise.all(kinds.map(versionOf));
    if (!versions.every(settled)) return compute();
    const stamp = versions.join('|');
    const hit = memos.get(key);
    if (hit?.versions === stamp) return hit.value as Promise<T>;
    const value = compute();
    memos.delete(key);
    memos.set(key, { versions: stamp, value });
    while (memos.size > 16) memos.delete(memos.keys().next().value!); // a few dates at a time
    value.catch(() => memos.delete(key));
    return value;
  }

  /** a write of that kind: ask for its version again before the next read. */
  function wrote<A extends unknown[], R>(kinds: Kind[], write: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await write.apply(store, args);
      } finally {
        for (const k of kinds) {
          checked.delete(k);
          caches.delete(k);
        }
      }
    };
  }

  return {
    ...store,
    listTasks: (o) => cached('registry', JSON.stringify(o ?? {}), () => store.listTasks(o)),
    latestStatuses: () => cached('status', 'latest', () => store.latestStatuses()),
    statusHistory: (taskId) => cached('status', `history#${taskId}`, () => store.statusHistory(taskId)),
    listReports: (o) => cached('reports', JSON.stringify(o ?? {}), () => store.listReports(o)),
    listReviewRows: () => cached('rows', 'review', () => store.listReviewRows()),
    listRows: (reportId) => cached('rows', `report#${reportId}`, () => store.listRows(reportId)),
    putTasks: wrote(['registry'], store.putTasks),
    appendStatus: wrote(['status'], store.appendStatus),
    retractStatus: wrote(['status'], store.retractStatus),
    createReport: wrote(['reports'], store.createReport),
    updateReport: wrote(['reports'], store.updateReport),
    putRows: wrote(['rows'], store.putRows),
    setContact: wrote(['contacts'], store.setContact),
    putMeeting: wrote(['meetings'], store.putMeeting),
    removeMeeting: wrote(['meetings'], store.removeMeeting),
    markDigestSent: wrote(['meetings'], store.markDigestSent),
    putRecipient: wrote(['recipients'], store.putRecipient),
    memo,
  };
}
