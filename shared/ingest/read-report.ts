/**
 * The reading steps of one report, shared by the ingest path and `intake match FILE` so both say the same thing
 * about the same file: extract → understand (which agency, which report date, which rows) → match.
 */
import { vnToday } from '#shared/domain/dates';
import type { ReportRow } from '#shared/domain/row';
import type { RowMatch, RowStatus } from '#shared/domain/report';
import type { Task } from '#shared/domain/task';
import type { Memory } from '#shared/match/memory';
import type { ExtractResult } from '#shared/extract/model';
import { reportDateOf } from '#shared/understand/report-date';
import type { Stages } from './stages';

export type TaskRow = ReportRow & { table: number };

export interface Understood {
  agencyId?: string;
  /** how it was found: key-prefix, metadata, email, document:<how>, --agency … */
  agencySource?: string;
  /** the date the report states for itself (a table title), else the day it arrived (in Việt Nam). */
  reportDate: string;
  rows: TaskRow[];
  /** `${table}.${n}` per row. */
  rowIds: string[];
  tables: number;
}

export interface Known {
  fileName: string;
  /** the agency already known from the door (key prefix, metadata, sender, --agency): the document is not asked. */
  agencyId?: string;
  agencySource?: string;
  /** when it arrived (ISO timestamp or date): bounds the stated date and is the fallback report date. */
  receivedAt: string;
}

/** Which agency, which report date, which rows: the same for ingest and `intake match`. */
export function understandReport(result: ExtractResult, known: Known, stages: Pick<Stages, 'detectAgency'>): Understood {
  let { agencyId, agencySource } = known;
  if (!agencyId && stages.detectAgency) {
    const found = stages.detectAgency(result, known.fileName);
    if (found.agencyId) {
      agencyId = found.agencyId;
      agencySource = `document:${found.how}`;
    }
  }
  const arrived = vnToday(known.receivedAt.length === 10 ? `${known.receivedAt}T12:00:00+07:00` : known.receivedAt);
  const reportDate = reportDateOf(result, arrived) ?? arrived;
  const rows: TaskRow[] = [];
  const rowIds: string[] = [];
  let tables = 0;
  for (const t of result.tables) {
    if (t.kind !== 'tasks') continue;
    tables++;
    t.rows.forEach((row, n) => {
      rows.push({ ...row, table: t.index });
      rowIds.push(`${t.index}.${n}`);
    });
  }
  return { ...(agencyId ? { agencyId, agencySource } : {}), reportDate, rows, rowIds, tables };
}

/** Rows ↔ registry tasks (with the secretariat's decisions, #19, when given) and each row's status (empty when there is no matcher or no row). */
export function matchUnderstood(u: Understood, tasks: Task[], stages: Pick<Stages, 'match'>, memory?: Memory): Array<{ match: RowMatch; status: RowStatus }> {
  if (!stages.match || !u.rows.length) return [];
  return stages.match({ rows: u.rows, agencyId: u.agencyId, reportDate: u.reportDate, ...(memory ? { memory } : {}) }, tasks);
}
