/**
 * Agencies in matching: which agency a report comes from (title "THỐNG KÊ CÁC NHIỆM VỤ CỦA BỘ TƯ PHÁP …", the agency
 * column, the file name), and whether that agency is the task's lead, a coordinator, or inside a group the task
 * names ("Các bộ, ngành, địa phương") — as of the report date, across the 2025 successors (`answersFor`).
 */
import type { Task } from '#shared/domain/task';
import type { ExtractResult } from '#shared/extract/model';
import { agencyDirectory, answersFor, resolveAgencies, type Agency } from '#shared/agencies';
import { headerKey } from '#shared/domain/vietnamese';
import type { Feature } from './features';

const MINISTRY_LIKE: Agency['type'][] = ['ministry', 'ministry_level', 'government_agency', 'judiciary', 'national_assembly_body', 'state_bank', 'soe', 'mass_org', 'party', 'association', 'working_group', 'other'];
const PROVINCE_LIKE: Agency['type'][] = ['province', 'city'];

/** One agency named by a short text: "Bộ Tư pháp", "BO XAY DUNG", "UBND tỉnh Thừa Thiên Huế", "bo-y-te". */
export function findAgency(text: string): Agency | undefined {
  const dir = agencyDirectory();
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return undefined;
  const direct = dir.find(t) ?? dir.get(t);
  if (direct) return direct.type === 'unit' && direct.unitOf ? (dir.get(direct.unitOf) ?? direct) : direct;
  const k = headerKey(t);
  const stripped = k
    .replace(/^(?:ubnd|uy ban nhan dan)\s+/, '')
    .replace(/^(?:tinh|thanh pho|tp)\s+/, '');
  if (stripped !== k && stripped) return dir.find(stripped);
  return undefined;
}

/** Agency ids a cell names as responsible ("Bộ Công an, Bộ Tư pháp"; "Bộ Y tế phối hợp Bộ Công an" → the lead). */
export function agencyIdsIn(cell: string, asOf?: string): string[] {
  try {
    const r = resolveAgencies(cell, asOf ? { asOf } : {});
    if (r.ids.length) return r.ids;
  } catch {
    // the resolver never throws by contract; a bad cell is simply not an agency
  }
  const one = findAgency(cell);
  return one ? [one.id] : [];
}

function typeOf(id: string): Agency['type'] | undefined {
  return agencyDirectory().get(id)?.type;
}

/**
 * Agreement of the reporting agency (or the row's agency cell) with the task: lead (+), coordinator (+, less), inside
 * a group the task names (+, little), or named nowhere although the task names specific agencies (−).
 */
export function agencyAgreement(task: Task, row: { agencyIds: string[]; reportDate: string }): Feature {
  const lead = task.lead?.ids ?? [];
  const coord = task.coord?.ids ?? [];
  const groups = [...(task.lead?.groups ?? []), ...(task.coord?.groups ?? [])];
  const date = row.reportDate;
  for (const a of row.agencyIds) {
    if (lead.some((t) => safeAnswers(t, a, date))) return { score: 0.06, why: 'agency: lead' };
  }
  for (const a of row.agencyIds) {
    if (coord.some((t) => safeAnswers(t, a, date))) return { score: 0.03, why: 'agency: coordinates' };
  }
  for (const a of row.agencyIds) {
    const type = typeOf(a);
    if (!type) continue;
    if (groups.includes('all_ministries') && MINISTRY_LIKE.includes(type)) return { score: 0.02, why: 'agency: all ministries' };
    if (groups.includes('all_provinces') && PROVINCE_LIKE.includes(type)) return { score: 0.02, why: 'agency: all provinces' };
  }
  if (groups.some((g) => g.startsWith('related_') || g === 'assigned_ministries' || g === 'some_provinces')) return { score: 0 };
  if (lead.length + coord.length + groups.length === 0) return { score: 0 };
  if (!row.agencyIds.some((a) => typeOf(a))) return { score: 0 }; // we do not know the reporter
  return { score: -0.08, why: 'agency: not assigned to the reporting agency' };
}

function safeAnswers(taskAgency: string, reporter: string, date: string): boolean {
  try {
    return answersFor(taskAgency, reporter, date);
  } catch {
    return taskAgency === reporter;
  }
}

const TITLE = /(?:nhiem vu|bao cao|ket qua)\b.*?\bcua\s+(.+?)(?:\s+(?:theo|ve|trong|nam|sau|6)\b|$)/;

/**
 * The reporting agency of an extracted document: from a table title ("… CÁC NHIỆM VỤ CỦA BỘ TƯ PHÁP THEO …"), else
 * the agency column when every row names the same agency, else the file name. Says how it was found.
 */
export function detectAgency(result: ExtractResult, fileName?: string): { agencyId?: string; how: string } {
  for (const t of result.tables) {
    const title = t.title ?? '';
    // titles are NFC with the words kept; find "của <agency>" on the folded text, then map back by word count
    const k = headerKey(title);
    const m = k.match(TITLE);
    if (m) {
      const words = m[1]!.split(' ');
      for (let n = words.length; n >= 2; n--) {
        const a = findAgency(words.slice(0, n).join(' '));
        if (a) return { agencyId: a.id, how: `title: "${a.name}"` };
      }
    }
  }
  const counts = new Map<string, number>();
  let rows = 0;
  for (const t of result.tables) {
    if (t.kind !== 'tasks') continue;
    for (const r of t.rows) {
      if (!r.lead) continue;
      rows++;
      const ids = agencyIdsIn(r.lead);
      if (ids.length === 1) counts.set(ids[0]!, (counts.get(ids[0]!) ?? 0) + 1);
    }
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (top && rows > 0 && top[1] / rows >= 0.8) {
    return { agencyId: top[0], how: `agency column: "${agencyDirectory().get(top[0])?.name ?? top[0]}" in ${top[1]}/${rows} rows` };
  }
  if (fileName) {
    const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]+$/i, '');
    const a = findAgency(base) ?? findAgency(base.replace(/[-_.]+/g, ' '));
    if (a) return { agencyId: a.id, how: `file name: "${base}"` };
  }
  return { how: 'not found in the title, the agency column or the file name' };
}
