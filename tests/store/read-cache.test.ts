/**
 * The console's read cache over the real store (dynalite): repeated lists are answered from memory while their
 * kind's version stands, a write through the cache is seen at once, a write by another writer as soon as the
 * version is asked again, a version too young is not cached against, and answers are copies.
 */
import { describe, expect, it } from 'vitest';
import type { StatusEntry } from '#shared/domain/report';
import { intercept } from '#shared/store/clients';
import { withReadCache } from '#shared/store/read-cache';
import { task } from '#testkit/digest-world';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false, ocr: false });

/** the DynamoDB queries (lists) made while `fn` runs. */
async function queries<T>(fn: () => Promise<T>): Promise<{ value: T; queries: number }> {
  let n = 0;
  const stop = intercept((call) => {
    if (call.service === 'dynamodb' && call.command === 'QueryCommand') n++;
  });
  try {
    return { value: await fn(), queries: n };
  } finally {
    stop();
  }
}

const entry = (taskId: string, reportId: string, status: StatusEntry['status']): StatusEntry => ({
  taskId, reportId, rowId: '0.1', agencyId: 'bo-cong-an', status, reportDate: '2024-06-01', recordedAt: `2024-06-0${reportId.length % 9}T03:00:00Z`, by: 'matcher',
});

describe('withReadCache', () => {
  it('answers the registry and the latest statuses from memory while nothing is written', async () => {
    await env.store.putTasks([task('A', '1', 'Năm 2024', ['bo-cong-an']), task('A', '2', 'Năm 2024', ['bo-y-te'])]);
    await env.store.appendStatus(entry('04/CT-TTg:A.1', 'r-1', 'in_progress'));
    const cached = withReadCache(env.store, { settleMs: 0, checkEveryMs: 0 });
    const first = await queries(async () => [await cached.listTasks(), await cached.latestStatuses()]);
    expect(first.queries).toBe(2);
    const again = await queries(async () => [await cached.listTasks(), await cached.latestStatuses(), await cached.listTasks()]);
    expect(again.queries).toBe(0);
    expect(again.value[0]).toEqual(first.value[0]);
    expect(again.value[1]).toEqual(first.value[1]);
  });

  it('sees its own write at once and another writer\'s as soon as the version is asked again', async () => {
    const cached = withReadCache(env.store, { settleMs: 0, checkEveryMs: 0 });
    await cached.latestStatuses();
    await cached.appendStatus(entry('04/CT-TTg:A.2', 'r-22', 'completed'));
    expect((await cached.latestStatuses()).map((e) => e.taskId)).toContain('04/CT-TTg:A.2');
    await env.store.putTasks([task('B', '9', 'Năm 2024', ['bo-tai-chinh'])]); // not through the cache
    expect((await cached.listTasks()).map((t) => t.id)).toContain('04/CT-TTg:B.9');
    await env.store.putRows([{ reportId: 'r-22', rowId: '0.1', table: 0, cells: { content: 'x', source: { row: 1 } }, match: { taskId: null, score: 0.5, decision: 'review', candidates: [] } }]);
    expect((await cached.listReviewRows()).map((r) => r.reportId)).toContain('r-22');
  });

  it('within checkEveryMs another writer is not seen yet; after it, it is', async () => {
    let now = Date.now();
    const cached = withReadCache(env.store, { settleMs: 0, checkEveryMs: 1000, clock: () => now });
    const before = (await cached.listTasks()).length;
    await env.store.putTasks([task('C', '1', 'Năm 2024', ['bo-y-te'])]);
    expect((await cached.listTasks()).length).toBe(before);
    now += 1001;
    expect((await cached.listTasks()).length).toBe(before + 1);
  });

  it('does not cache against a version younger than settleMs (the indexes may lag)', async () => {
    await env.store.putTasks([task('C', '2', 'Năm 2024', ['bo-y-te'])]);
    const cached = withReadCache(env.store, { settleMs: 60_000, checkEveryMs: 0 });
    const { queries: n } = await queries(async () => { await cached.listTasks(); await cached.listTasks(); });
    expect(n).toBe(2);
  });

  it('hands out copies: sorting or emptying an answer leaves the cache whole', async () => {
    const cached = withReadCache(env.store, { settleMs: 0, checkEveryMs: 0 });
    const a = await cached.listTasks();
    const n = a.length;
    a.length = 0;
    expect((await cached.listTasks()).length).toBe(n);
  });
});

describe('withReadCache: memo (the digest of a day)', () => {
  it('computes once while its kinds stand, again after a write of any of them', async () => {
    await env.store.putMeeting({ id: 'phien-1', date: '2024-06-20', title: 'Phiên họp', sendDaysBefore: 3, recipients: [], createdAt: '2024-06-01T00:00:00Z' });
    await env.store.setContact({ agencyId: 'bo-y-te', emails: ['vanthu@byt.gov.vn'], domains: [] });
    const cached = withReadCache(env.store, { settleMs: 0, checkEveryMs: 0 });
    let computed = 0;
    const kinds = ['registry', 'status', 'meetings', 'contacts'] as const;
    const digest = () => cached.memo!([...kinds], 'digest#2024-06-17', async () => ++computed);
    expect(await digest()).toBe(1);
    expect(await digest()).toBe(1);
    await env.store.setContact({ agencyId: 'bo-y-te', emails: ['moi@byt.gov.vn'], domains: [] }); // another writer
    expect(await digest()).toBe(2);
    await cached.putMeeting({ id: 'phien-2', date: '2024-07-18', title: 'Phiên họp 2', sendDaysBefore: 3, recipients: [], createdAt: '2024-06-01T00:00:00Z' });
    expect(await digest()).toBe(3);
    expect(await digest()).toBe(3);
  });

  it('the console overview reuses one consolidated digest until a status is written', async () => {
    const { buildDigest } = await import('#shared/digest');
    const cached = withReadCache(env.store, { settleMs: 0, checkEveryMs: 0 });
    const first = await queries(() => buildDigest({ store: cached, asOf: '2024-06-17' }));
    const again = await queries(() => buildDigest({ store: cached, asOf: '2024-06-17' }));
    expect(first.queries).toBeGreaterThan(0);
    expect(again.queries).toBe(0);
    expect(again.value.totals).toEqual(first.value.totals);
    await env.store.appendStatus(entry('04/CT-TTg:A.1', 'r-4444', 'completed')); // A.1's lead, newer than its in_progress
    const after = await buildDigest({ store: cached, asOf: '2024-06-17' });
    expect(after.totals.completed).toBe(first.value.totals.completed + 1);
    expect(after.totals).toEqual((await buildDigest({ store: env.store, asOf: '2024-06-17' })).totals);
  });
});
