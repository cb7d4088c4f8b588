import { describe, expect, it } from 'vitest';
import type { Task } from '#shared/domain/task';
import { cachedRegistry } from '#shared/registry/cache';

/** An in-memory registry with a version that moves on every import, counting full reads. */
function registry(opts: { versioned: boolean }) {
  let version = 1;
  let tasks = [{ id: 'A.1' }] as unknown as Task[];
  let fail = false;
  const reads = { full: 0 };
  return {
    reads,
    import(next: Task[]) { tasks = next; version += 1; },
    failNext() { fail = true; },
    store: {
      listTasks: async () => {
        reads.full += 1;
        if (fail) { fail = false; throw new Error('throttled'); }
        return tasks;
      },
      ...(opts.versioned ? { registryVersion: async () => String(version) } : {}),
    },
  };
}

describe('cachedRegistry', () => {
  it('reads the registry once per version, and again after an import', async () => {
    const r = registry({ versioned: true });
    const load = cachedRegistry(r.store);
    expect((await load()).map((t) => t.id)).toEqual(['A.1']);
    await load();
    await load();
    expect(r.reads.full).toBe(1);
    r.import([{ id: 'A.1' }, { id: 'A.2' }] as unknown as Task[]);
    expect((await load()).map((t) => t.id)).toEqual(['A.1', 'A.2']);
    expect(r.reads.full).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const r = registry({ versioned: true });
    const load = cachedRegistry(r.store);
    r.failNext();
    await expect(load()).rejects.toThrow('throttled');
    expect((await load()).map((t) => t.id)).toEqual(['A.1']);
    expect(r.reads.full).toBe(2);
  });

  it('reads every time from a store without versions', async () => {
    const r = registry({ versioned: false });
    const load = cachedRegistry(r.store);
    await load();
    await load();
    expect(r.reads.full).toBe(2);
  });
});
