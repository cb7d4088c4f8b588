/**
 * The stages the ingest path runs, loaded from their own modules (extract, match, agencies). Each is a plain
 * function so tests and other entry points (email, CLI) can pass their own; `defaultStages()` wires the real ones.
 */
import type { ExtractLimits, ExtractResult, InputFile } from '#shared/extract/model';
import type { ReportRow } from '#shared/domain/row';
import type { Task } from '#shared/domain/task';
import type { RowMatch, RowStatus } from '#shared/domain/report';
import type { Memory } from '#shared/match/memory';

export type ExtractFn = (file: InputFile, opts?: { limits?: Partial<ExtractLimits> }) => Promise<ExtractResult>;
export type MatchFn = (
  input: { rows: Array<ReportRow & { table: number }>; agencyId?: string; reportDate: string; memory?: Memory },
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

/** The real stages (loaded on first use, so commands that do not ingest stay quick to start). */
export async function defaultStages(): Promise<Stages> {
  const [{ extract }, match, { agencyDirectory }] = await Promise.all([
    import('#shared/extract'),
    import('#shared/match'),
    import('#shared/agencies'),
  ]);
  return {
    extract,
    match: match.matchReport,
    detectAgency: match.detectAgency,
    resolveAgency: (text: string) => {
      const dir = agencyDirectory();
      return dir.get(text)?.id ?? dir.find(text)?.id;
    },
  };
}
