/**
 * The registry as a long-lived reader (a warm Lambda) sees it: read again only when an import has changed the
 * store's registry version (one GetItem per use instead of a full read). A store without versions is read each time;
 * a failed read is not cached.
 */
import type { Task } from '#shared/domain/task';
import type { Store } from '#shared/store/records';

export function cachedRegistry(store: Pick<Store, 'listTasks' | 'registryVersion'>): () => Promise<Task[]> {
  let cached: { version: string; list: Promise<Task[]> } | undefined;
  return async () => {
    const version = await store.registryVersion?.();
    if (version === undefined) return store.listTasks();
    if (cached?.version !== version) {
      const list = store.listTasks();
      cached = { version, list };
      list.catch(() => { cached = undefined; });
    }
    return cached.list;
  };
}
