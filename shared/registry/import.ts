/**
 * Upserting a directive's tasks into the store, with a diff against what is stored:
 * - added: ids not stored yet;
 * - changed: same id, some field differs — the task keeps its id and gains a history entry (field, from, to);
 * - removed: stored for this directive but no longer in the import — kept, marked `removed`, with a history entry;
 * - unchanged: nothing written for them. Re-importing the same document gives an empty diff and writes nothing.
 * Provenance (file, table, row) is refreshed without counting as a change.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Task } from '#shared/domain/task';
import type { Store } from '#shared/store/records';

/** The fields whose change is a change of the task (provenance, history and removal are bookkeeping). */
export const COMPARED_FIELDS = ['directive', 'section', 'stt', 'content', 'lead', 'coord', 'deadline', 'product'] as const;
type Compared = (typeof COMPARED_FIELDS)[number];

export const FieldChange = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });
export type FieldChange = z.infer<typeof FieldChange>;

export interface RegistryDiff {
  directive: string;
  added: Task[];
  changed: Array<{ task: Task; changes: FieldChange[] }>;
  removed: Task[];
  unchanged: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** ISO timestamp of this import (history entries). */
  at?: string;
  /** what was imported (file name), for history entries. */
  source?: string;
}

/** Canonical JSON (sorted keys) so that key order never counts as a change. */
function canon(v: unknown): string {
  return JSON.stringify(v, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );
}

export function changesBetween(before: Task, after: Task): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of COMPARED_FIELDS) {
    const a = before[f as Compared];
    const b = after[f as Compared];
    if (canon(a) !== canon(b)) out.push({ field: f, from: a ?? null, to: b ?? null });
  }
  return out;
}

/** The diff of `incoming` (one directive's tasks) against `stored` (what the store holds for that directive). */
export function diffTasks(directive: string, stored: Task[], incoming: Task[]): RegistryDiff {
  const byId = new Map(stored.map((t) => [t.id, t]));
  const seen = new Set<string>();
  const diff: RegistryDiff = { directive, added: [], changed: [], removed: [], unchanged: 0 };
  for (const t of incoming) {
    seen.add(t.id);
    const old = byId.get(t.id);
    if (!old) { diff.added.push(t); continue; }
    const changes = changesBetween(old, t);
    if (old.removed) changes.push({ field: 'removed', from: old.removed, to: null });
    if (changes.length) diff.changed.push({ task: t, changes });
    else diff.unchanged++;
  }
  // a task promoted from an out-of-registry item is the secretariat's, not the appendix's: an import never retires it
  for (const t of stored) if (!seen.has(t.id) && !t.removed && !t.promoted) diff.removed.push(t);
  return diff;
}

/** Imports one directive's tasks: computes the diff and (unless dryRun) writes what changed. */
export async function importTasks(store: Store, directive: string, incoming: Task[], opts: ImportOptions = {}): Promise<RegistryDiff> {
  const stored = await store.listTasks({ directive });
  const diff = diffTasks(directive, stored, incoming);
  if (opts.dryRun) return diff;
  const at = opts.at ?? new Date().toISOString();
  const entry = (changes: FieldChange[]) => ({ at, ...(opts.source ? { source: opts.source } : {}), changes });
  const byId = new Map(stored.map((t) => [t.id, t]));
  const writes: Task[] = [...diff.added.map(({ history: _h, removed: _r, ...t }) => t as Task)];
  for (const { task, changes } of diff.changed) {
    const old = byId.get(task.id)!;
    const { removed: _r, ...fresh } = task;
    writes.push({ ...fresh, history: [...(old.history ?? []), entry(changes)] });
  }
  for (const old of diff.removed) {
    const removed = { at, ...(opts.source ? { source: opts.source } : {}) };
    writes.push({ ...old, removed, history: [...(old.history ?? []), entry([{ field: 'removed', from: null, to: removed }])] });
  }
  // unchanged tasks whose provenance moved (the same task on another line): refresh it quietly
  const incomingById = new Map(incoming.map((t) => [t.id, t]));
  for (const old of stored) {
    const now = incomingById.get(old.id);
    if (!now || old.removed || diff.changed.some((c) => c.task.id === old.id)) continue;
    if (canon(old.provenance) !== canon(now.provenance)) writes.push({ ...old, provenance: now.provenance });
  }
  if (writes.length) await store.putTasks(writes);
  return diff;
}

/** The diff as printed by `intake registry import --json`: ids and field changes, not whole tasks. */
export function diffSummary(diff: RegistryDiff) {
  return {
    directive: diff.directive,
    added: diff.added.map((t) => t.id),
    changed: diff.changed.map((c) => ({ id: c.task.id, fields: c.changes.map((x) => x.field), changes: c.changes })),
    removed: diff.removed.map((t) => t.id),
    unchanged: diff.unchanged,
  };
}

/**
 * A fingerprint of a diff (what would be added, changed, removed, and how): a preview shown to someone and the diff
 * computed again at confirmation agree when their fingerprints do — otherwise the registry moved in between.
 */
export function diffFingerprint(diff: RegistryDiff): string {
  return createHash('sha256').update(canon(diffSummary(diff))).digest('base64url').slice(0, 32);
}
