/** A report's rows matched to the registry, with the agency rules of shared/match/agency: one result per row, same order. */
import type { Task } from '#shared/domain/task';
import type { ReportRow } from '#shared/domain/row';
import type { RowMatch, RowStatus } from '#shared/domain/report';
import { agencyAgreement, agencyIdsIn } from './agency';
import { matchRows } from './match';
import type { Memory } from './memory';

export function matchReport(
  input: { rows: Array<ReportRow & { table: number }>; agencyId?: string; reportDate: string; memory?: Memory },
  tasks: Task[],
): Array<{ match: RowMatch; status: RowStatus }> {
  return matchRows(input, tasks, {
    agency: agencyAgreement,
    resolveAgency: (text, asOf) => agencyIdsIn(text, asOf),
  });
}
