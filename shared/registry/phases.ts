/**
 * Importing a directive's appendix, in named phases that `intake registry import` and the console's Danh mục page
 * both call: read → plan → apply; `importRegistry` runs the three (or the first two with dryRun).
 */
import type { Task } from '#shared/domain/task';
import type { Store } from '#shared/store/records';
import { importTasks, type ImportOptions, type RegistryDiff } from './import';
import { readRegistry, type ReadOptions, type ReadResult, type RegistrySource, type RegistryWarning } from './read';

/** Phase 1 — read: the ingest's limits before any parser, then the appendix → the directive and its tasks. Nothing is stored. */
export async function readAppendix(src: RegistrySource, opts: ReadOptions): Promise<ReadResult> {
  return readRegistry(src, opts);
}

/** Phase 2 — plan: the diff of what was read against what the store holds for that directive. Nothing is written. */
export async function planImport(store: Store, read: Pick<ReadResult, 'directive' | 'tasks'>): Promise<RegistryDiff> {
  return importTasks(store, read.directive.number, read.tasks, { dryRun: true });
}

/** Phase 3 — apply: writes what changed (added, changed with a history entry, removed kept and marked); returns the diff applied. */
export async function applyImport(store: Store, read: Pick<ReadResult, 'directive' | 'tasks'>, opts: { at?: string; source: string }): Promise<RegistryDiff> {
  return importTasks(store, read.directive.number, read.tasks, { at: opts.at, source: opts.source });
}

/** Reads a directive's appendix and upserts its tasks (the three phases; plan only with dryRun); returns the diff and the reader's warnings. */
export async function importRegistry(
  store: Store,
  src: RegistrySource,
  opts: ReadOptions & ImportOptions,
): Promise<{ diff: RegistryDiff; warnings: RegistryWarning[]; tasks: Task[] }> {
  const read = await readAppendix(src, opts);
  const diff = opts.dryRun ? await planImport(store, read) : await applyImport(store, read, { at: opts.at, source: opts.source ?? src.name });
  return { diff, warnings: read.warnings, tasks: read.tasks };
}
