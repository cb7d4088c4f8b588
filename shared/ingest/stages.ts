/**
 * The stages the ingest path runs, loaded from their own modules (extract, match, agencies). Each is a plain
 * function so tests and other entry points (email, CLI) can pass their own; `defaultStages()` wires the real ones.
 */
import type { ExtractLimits, ExtractResult, InputFile, ReportRow } from '../extract/model';
import type { Task } from '../domain/task';
import type { RowMatch, RowStatus } from '../store/records';

export type ExtractFn = (file: InputFile, opts?: { limits?: Partial<ExtractLimits> }) => Promise<ExtractResult>;
export type MatchFn = (
  input: { rows: Array<ReportRow & { table: number }>; agencyId?: string; reportDate: string },
  tasks: Task[],
) => Array<{ match: RowMatch; status: RowStatus }>;
export type DetectAgencyFn = (result: ExtractResult, fileName?: string) => { agencyId?: string; how: string };
/** an agency id for an id, name or abbreviation; undefined when the directory does not know it. */
export type ResolveAgencyFn = (text: string) => string | undefined;

export interface Stages {
  extract: ExtractFn;
  match?: MatchFn;
  detectAgency?: DetectAgencyFn;
  resolveAgency?: ResolveAgencyFn;
}

/** true when a dynamic import failed because the module is not there (yet). */
function isMissingModule(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'ERR_UNSUPPORTED_DIR_IMPORT' || /Cannot find module/.test(e?.message ?? '');
}

async function optional<T>(load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    if (isMissingModule(err)) return undefined;
    throw err;
  }
}

/** The real stages. Until a stage's module exists, the path still records the report (walking skeleton). */
export async function defaultStages(): Promise<Stages> {
  const [ex, match, agencies] = await Promise.all([
    optional(() => import('../extract')),
    optional(() => import('../match')),
    optional(() => import('../agencies')),
  ]);
  return {
    extract: ex?.extract ?? (async () => ({ tables: [], warnings: [{ code: 'extract_unavailable', message: 'extraction is not available in this build' }] })),
    match: match?.matchReport,
    detectAgency: match?.detectAgency,
    resolveAgency: agencies
      ? (text: string) => {
          const dir = agencies.agencyDirectory();
          return dir.get(text)?.id ?? dir.find(text)?.id;
        }
      : undefined,
  };
}
