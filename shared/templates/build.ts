/** Builds one agency's template files (XLSX, DOCX) from its tasks, and the agency lookup from the real directory. */
import type { Task } from '#shared/domain/task';
import { fileNameFor, type TemplateMeta } from './layout';
import type { Period } from './period';
import { templateRows } from './rows';
import { tasksForAgency, type AgencyLookup, type TemplateTask } from './select';

export interface BuiltTemplate {
  agencyId: string;
  tasks: TemplateTask[];
  files: Array<{ name: string; bytes: Uint8Array; contentType: string }>;
}

export async function buildTemplate(
  input: { agencyId: string; agencyName: string; period: Period; deadline?: string; tasks: Task[]; dir: AgencyLookup; formats?: Array<'xlsx' | 'docx'>; now?: Date },
): Promise<BuiltTemplate> {
  const selected = tasksForAgency(input.tasks, input.agencyId, input.period, input.dir);
  const meta: TemplateMeta = {
    agencyId: input.agencyId, agencyName: input.agencyName, period: input.period, deadline: input.deadline,
    generatedAt: (input.now ?? new Date()).toISOString(),
  };
  const rows = templateRows(selected);
  const files: BuiltTemplate['files'] = [];
  for (const f of input.formats ?? ['xlsx', 'docx']) {
    // the writers (exceljs, docx) are loaded when a template is built, not when the daily run starts
    if (f === 'xlsx') files.push({ name: fileNameFor(meta, 'xlsx'), bytes: await (await import('./xlsx')).buildXlsx(meta, rows), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    else files.push({ name: fileNameFor(meta, 'docx'), bytes: await (await import('./docx')).buildDocx(meta, rows), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
  }
  return { agencyId: input.agencyId, tasks: selected, files };
}

/** The agency lookup from the real directory (shared/agencies). */
export async function directoryLookup(): Promise<AgencyLookup & { nameOn(id: string, isoDate: string): string; all(asOf: string): string[] }> {
  const { agencyDirectory, answersFor } = await import('#shared/agencies/directory');
  const dir = agencyDirectory();
  return {
    answersFor: (taskAgencyId, agencyId, isoDate) => answersFor(taskAgencyId, agencyId, isoDate, dir),
    typeOf: (id) => dir.get(id)?.type,
    nameOn: (id, isoDate) => dir.nameOn(id, isoDate),
    all: (asOf) => dir.all({ asOf }).filter((a) => a.type !== 'unit').map((a) => a.id),
  };
}
