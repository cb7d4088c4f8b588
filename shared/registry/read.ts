/**
 * A directive's appendix → Task[]. The document is read through the extraction like any report: text (the seeds'
 * tab-separated and one-cell-per-block tables) by extract/text, other formats by extract's readTables; the tables
 * are understood by understand/ (header roles, sections, continuation rows). A layout the general path cannot
 * read (seed 004's PDF text with columns wrapped line by line) goes through a focused reader (wrapped-columns.ts).
 * Reviewed hand corrections (corrections/) are applied to cell text before agencies and deadlines are resolved.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { Directive, Task, type AgencyRef } from '#shared/domain/task';
import { nfc } from '#shared/domain/vietnamese';
import type { ExtractedTable, ExtractLimits, RawTable } from '#shared/extract/model';
import type { ReportRow } from '#shared/domain/row';
import { readTextTables } from '#shared/extract/text';
import { parseDeadline } from '#shared/deadlines';
import { resolveAgencies } from '#shared/agencies';
import { directiveOf } from './directive';
import { looksLikeWrappedColumns, readWrappedColumns } from './wrapped-columns';
import { correctionsFor, type Corrections } from './corrections';

export const RegistryWarning = z.object({
  code: z.enum(['unknown_deadline', 'unresolved_agency', 'duplicate_id', 'no_section', 'no_tasks', 'corrected', 'directive_incomplete', 'lead_from_section', 'no_stt', 'no_content']),
  message: z.string(),
  taskId: z.string().optional(),
  row: z.number().int().optional(),
});
export type RegistryWarning = z.infer<typeof RegistryWarning>;

export interface RegistrySource {
  /** file name as given; provenance keeps its base name. */
  name: string;
  bytes: Uint8Array;
}

export interface ReadOptions {
  /** the directive's number, e.g. "04/CT-TTg" (the user says which directive the appendix belongs to). */
  directive: string;
  /** metadata given by the user; wins over what the document says. */
  meta?: Partial<Directive>;
  /** only these tables (0-based, as `intake extract` numbers them). */
  tables?: number[];
  /** hand corrections; by default the reviewed ones committed for this directive (corrections/). */
  corrections?: Corrections;
  /** the extraction limits (the configuration's); checked before any parser runs. */
  limits?: Partial<ExtractLimits>;
}

export interface ReadResult {
  directive: Directive;
  tasks: Task[];
  warnings: RegistryWarning[];
  /** how the tables were read. */
  reader: 'text' | 'wrapped-columns' | 'extract';
}

const SECTION_CODE = /^([A-Z]|[IVXLC]{1,6})$/;
const SECTION_WITH_TITLE = /^([A-Z]|[IVXLC]{1,6})[.)]\s*(.+)$/;

function decodeText(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, 8);
  const magic = String.fromCharCode(...head);
  if (magic.startsWith('%PDF') || magic.startsWith('PK') || head[0] === 0xd0) return undefined;
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /^\s*<(!doctype|html|table|body|div)/i.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

async function understand(raw: RawTable[]): Promise<ExtractedTable[]> {
  const { understandTables } = await import('#shared/understand');
  return understandTables(raw).tables;
}

const hasTaskRows = (tables: ExtractedTable[]) => tables.some((t) => t.kind === 'tasks' && t.rows.some((r) => r.stt && r.content));

/** Reads a directive's appendix into tasks (nothing is stored). */
export async function readRegistry(src: RegistrySource, opts: ReadOptions): Promise<ReadResult> {
  const warnings: RegistryWarning[] = [];
  const { checkFile } = await import('#shared/extract');
  checkFile({ bytes: src.bytes, name: src.name }, { limits: opts.limits });
  const text = decodeText(src.bytes);
  let raw: RawTable[];
  let reader: ReadResult['reader'];
  let tables: ExtractedTable[];
  if (text !== undefined) {
    raw = readTextTables(text);
    reader = 'text';
    tables = await understand(raw);
    if (!hasTaskRows(tables) && looksLikeWrappedColumns(text)) {
      raw = readWrappedColumns(text);
      reader = 'wrapped-columns';
      tables = await understand(raw);
    }
  } else {
    const { readTables } = await import('#shared/extract');
    raw = await readTables({ bytes: src.bytes, name: src.name }, { limits: opts.limits });
    reader = 'extract';
    tables = await understand(raw);
  }

  // the directive: header or a reference in the text (for other formats: table titles and letterhead cells)
  const docText = text ?? raw.map((t) => [t.title ?? '', ...t.grid.slice(0, 3).flat().map((c) => c.text)].join('\n')).join('\n');
  const { directive: found } = directiveOf(docText, opts.directive, opts.meta);
  const parsedDirective = Directive.safeParse({ kind: 'Văn bản', title: '', ...found });
  if (!parsedDirective.success || !found.date || !found.title) {
    warnings.push({ code: 'directive_incomplete', message: `Không đọc được đủ ngày/trích yếu của ${opts.directive} từ văn bản; dùng --date/--title. / Directive date or title not found in the document.` });
  }
  const directive: Directive = parsedDirective.success ? parsedDirective.data : { number: found.number!, kind: found.kind ?? 'Văn bản', date: '1970-01-01', title: found.title ?? '' };

  const corrections = opts.corrections ?? correctionsFor(directive.number);
  const file = basename(src.name);
  const tasks: Task[] = [];
  const seen = new Set<string>();
  for (const table of tables) {
    if (table.kind !== 'tasks') continue;
    if (opts.tables && !opts.tables.includes(table.index)) continue;
    const rawTable = raw.find((t) => t.index === table.index);
    const titles = sectionTitles(rawTable);
    for (const row of table.rows) {
      if (row.content && !row.stt) {
        warnings.push({ code: 'no_stt', message: 'Một dòng có nội dung nhưng không có STT; không nhập (cần bổ sung STT hoặc hiệu đính). / A row with content but no number was not imported.', row: row.source.row });
      }
      if (row.stt && !row.content && (row.lead || row.deadline || row.coord)) {
        warnings.push({ code: 'no_content', message: `Dòng STT ${row.stt} không có nội dung nhiệm vụ; không nhập. / A numbered row without content was not imported.`, row: row.source.row });
      }
      if (!row.stt || !row.content) continue;
      const section = sectionOf(row.section, titles);
      const stt = row.stt.replace(/[.)]$/, '');
      const id = section ? `${directive.number}:${section.code}.${stt}` : `${directive.number}:${stt}`;
      if (seen.has(id)) {
        warnings.push({ code: 'duplicate_id', message: `Trùng mã nhiệm vụ ${id}; giữ dòng đầu. / Duplicate task id; the first row is kept.`, taskId: id, row: row.source.row });
        continue;
      }
      seen.add(id);
      const fix = corrections?.tasks[id];
      if (fix) warnings.push({ code: 'corrected', message: `Áp dụng hiệu đính thủ công: ${Object.keys(fix.set).join(', ')}. / Hand correction applied.`, taskId: id });
      tasks.push(buildTask({ id, directive, section, stt, row: fix ? { ...row, ...fix.set } : row, file, table: table.index }, warnings));
    }
  }
  if (corrections) {
    for (const id of Object.keys(corrections.tasks)) if (!seen.has(id)) warnings.push({ code: 'corrected', message: `Hiệu đính cho ${id} không khớp nhiệm vụ nào. / A correction matches no task.`, taskId: id });
  }
  if (tasks.length === 0) warnings.push({ code: 'no_tasks', message: 'Không tìm thấy bảng nhiệm vụ (STT, nội dung) trong văn bản. / No task table found.' });
  return { directive, tasks, warnings, reader };
}

function buildTask(
  a: { id: string; directive: Directive; section?: { code: string; title: string }; stt: string; row: ReportRow; file: string; table: number },
  warnings: RegistryWarning[],
): Task {
  const { row } = a;
  const content = nfc(row.content!);
  const contentRaw = row.raw?.content;
  let lead = agencyRef(row.lead ?? '', a.directive.date);
  // an empty lead under a section that names its assignees ("Nhiệm vụ chung của các bộ, ngành, địa phương"):
  // the section's assignees are the lead; the cell text (empty) stays as the raw
  const assignees = a.section?.title.match(/\bcủa\s+(.+)$/iu)?.[1];
  if (!lead.raw.trim() && assignees) {
    const fromSection = agencyRef(assignees, a.directive.date);
    if (fromSection.ids.length || fromSection.groups?.length) {
      lead = { ...fromSection, raw: '' };
      delete lead.unresolved;
      warnings.push({ code: 'lead_from_section', message: `Ô đơn vị chủ trì trống; lấy theo mục: ${assignees}. / Empty lead taken from the section title.`, taskId: a.id });
    }
  }
  const coord = row.coord ? agencyRef(row.coord, a.directive.date) : undefined;
  const deadline = parseDeadline(row.deadline ?? '', { reference: a.directive.date });
  for (const ref of [lead, coord]) {
    if (ref?.unresolved?.length || (ref && ref.raw && ref.ids.length === 0 && !ref.groups?.length)) {
      warnings.push({ code: 'unresolved_agency', message: `Không nhận ra cơ quan: ${(ref.unresolved ?? [ref.raw]).join('; ')}`, taskId: a.id });
    }
  }
  if (deadline.kind === 'unknown' && deadline.raw) warnings.push({ code: 'unknown_deadline', message: `Không hiểu thời hạn: ${deadline.raw}`, taskId: a.id });
  const task: Task = {
    id: a.id,
    directive: a.directive,
    ...(a.section ? { section: a.section } : {}),
    stt: a.stt,
    content,
    ...(contentRaw && contentRaw !== content ? { contentRaw } : {}),
    lead,
    ...(coord ? { coord } : {}),
    deadline,
    ...(row.product ? { product: nfc(row.product) } : {}),
    provenance: { file: a.file, table: a.table, row: row.source.row },
  };
  return Task.parse(task);
}

function agencyRef(text: string, asOf: string): AgencyRef {
  const r = resolveAgencies(nfc(text), { asOf });
  return {
    raw: r.raw,
    ids: r.ids,
    ...(r.groups?.length ? { groups: r.groups } : {}),
    ...(r.unresolved?.length ? { unresolved: r.unresolved } : {}),
  };
}

/** Section titles by code, read from the raw grid's section rows ("A | Nhiệm vụ chung…", "I. Nhiệm vụ chung…"). */
function sectionTitles(raw: RawTable | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of raw?.grid ?? []) {
    const texts = row.map((c) => c.text).filter(Boolean);
    const first = texts[0] ?? '';
    const code = first.replace(/[.)]$/, '');
    if (SECTION_CODE.test(code) && texts.length === 2 && !out.has(code)) out.set(code, texts[1]!);
    const m = first.match(SECTION_WITH_TITLE);
    if (m && texts.length === 1 && !out.has(m[1]!)) out.set(m[1]!, nfc(m[2]!));
  }
  return out;
}

/** understand/ gives "A. Title", "A" or a title alone. */
function sectionOf(section: string | undefined, titles: Map<string, string>): { code: string; title: string } | undefined {
  if (!section) return undefined;
  const s = nfc(section);
  const m = s.match(SECTION_WITH_TITLE);
  if (m) return { code: m[1]!, title: nfc(m[2]!) };
  if (SECTION_CODE.test(s)) return { code: s, title: titles.get(s) ?? '' };
  for (const [code, title] of titles) if (title === s) return { code, title };
  return undefined;
}
