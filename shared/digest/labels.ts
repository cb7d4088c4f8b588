/** Vietnamese wording shared by the HTML, text and XLSX renderings. */
import { GROUPS } from '#shared/agencies/model';
import { viDate } from '#shared/domain/dates';
import { CATEGORY_LABEL, labelOf, REPORT_STATE_LABEL, STATUS_LABEL } from '#shared/domain/labels';
import type { AgencyAnswer, AgencyKind, Category, Digest, Evidence, ReportRef, RowRef, TaskLine, Totals } from './model';

export const CATEGORY_VI: Record<Category, string> = CATEGORY_LABEL;

export const TOTAL_ROWS: Array<{ key: keyof Totals; label: string }> = [
  { key: 'tasks', label: 'Tổng số nhiệm vụ' },
  { key: 'completed', label: 'Đã hoàn thành' },
  { key: 'overdue', label: 'Chậm muộn (quá hạn, chưa hoàn thành)' },
  { key: 'inProgress', label: `${CATEGORY_LABEL.inProgress} (chưa đến hạn)` },
  { key: 'recurring', label: CATEGORY_LABEL.recurring },
  { key: 'noReport', label: 'Chưa có báo cáo' },
];

export const pad2 = (n: number) => String(n).padStart(2, '0');

export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}

/** "Bộ Tài chính (khi giao: Bộ Kế hoạch và Đầu tư)", several leads joined by "; ". */
export function leadLabel(t: Pick<TaskLine, 'leads' | 'leadRaw'>): string {
  if (!t.leads.length) return t.leadRaw;
  return t.leads.map((l) => (l.assignedName && l.assignedName !== l.name ? `${l.name} (khi giao: ${l.assignedName})` : l.name)).join('; ');
}

export function dueLabel(t: Pick<TaskLine, 'deadlineRaw' | 'due'>): string {
  if (!t.due) return t.deadlineRaw;
  const d = viDate(t.due);
  // a plain date needs no gloss ("16/6/2024" → "16/06/2024"); periods get their last day ("Tháng 4/2024 (hạn 30/04/2024)")
  if (!t.deadlineRaw || /^\s*(ngày\s*)?\d{1,2}\/\d{1,2}\/\d{4}\s*$/i.test(t.deadlineRaw) || t.deadlineRaw.includes(d)) return d;
  return `${t.deadlineRaw} (hạn ${d})`;
}


/** The latest result as reported: its text, else the status the agency marked. */
export function resultLabel(e: Evidence | undefined): string {
  if (!e) return 'Chưa có báo cáo';
  if (e.result) return e.result;
  return e.status ? labelOf(STATUS_LABEL, e.status) : 'Không ghi kết quả';
}

export function evidenceLabel(e: Evidence | undefined): string {
  if (!e) return 'Chưa có báo cáo';
  return `${e.fileName ?? e.reportId}, ngày ${viDate(e.reportDate)}${e.otherAgencyName ? ` — theo báo cáo của ${e.otherAgencyName}` : ''}`;
}

export function title(d: Digest): string {
  return d.meeting
    ? `Tổng hợp tình hình thực hiện nhiệm vụ Đề án 06 — ${d.meeting.title} (${viDate(d.meeting.date)})`
    : `Tổng hợp tình hình thực hiện nhiệm vụ Đề án 06 — số liệu đến ngày ${viDate(d.asOf)}`;
}

export function periodLabel(d: Digest): string {
  return d.period.from ? `từ ngày ${viDate(d.period.from)} đến ngày ${viDate(d.period.to)}` : `đến ngày ${viDate(d.period.to)}`;
}

export function lateHeadline(d: Digest): string {
  return `Tính đến nay, còn ${pad2(d.totals.overdue)} nhiệm vụ chậm muộn${d.lateGroups.length ? ', trong đó' : '.'}`;
}


/** "bo-y-te.xlsx (12/06/2024)", with the state when the file was not processed ("…, lỗi, không đọc được"). */
export function reportLabel(r: ReportRef): string {
  const state = r.state === 'processed' ? undefined : labelOf(REPORT_STATE_LABEL, r.state);
  return `${r.fileName} (${viDate(r.date)}${state ? `, ${state}` : ''})`;
}

/** "ubnd-hue.pdf, bảng 1, STT 3": where the row is, as a reader finds it in the file. */
export function rowPlace(r: RowRef): string {
  const table = Number(r.rowId.split('.')[0]);
  const where = [Number.isFinite(table) ? `bảng ${table + 1}` : '', r.stt ? `STT ${r.stt}` : ''].filter(Boolean).join(', ');
  return `${r.fileName ?? r.reportId}${where ? `, ${where}` : ''}`;
}

/** The row id `intake review accept|reject|new` takes ("b21466f48f03/0.13"). */
export function rowCode(r: RowRef): string {
  return `${r.reportId.slice(0, 12)}/${r.rowId}`;
}

/** Text cut at a word boundary with an ellipsis ("… kết nối với cơ sở…"), unchanged when short. */
export function clip(s: string, n: number): string {
  if (s.length <= n) return s;
  const cut = s.slice(0, n - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > n * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** "04/CT-TTg:A.1, 04/CT-TTg:B.2 và 3 nhiệm vụ khác": an agency's own late tasks, the first `max` by id. */
export function lateTasksLabel(ids: string[], max = 15): string {
  const shown = ids.slice(0, max).join(', ');
  return ids.length > max ? `${shown} và ${ids.length - max} nhiệm vụ khác` : shown;
}

/* ---- a task many agencies share, composed the way the secretariat writes it ---- */

/** how many agencies behind (and completed, unreported, remaining of one kind) are named before "và N đơn vị khác". */
export const SHARE_NAMED = { behind: 10, completed: 5, notReported: 5, remaining: 5 } as const;

/** A task is shown with its breakdown when more than one agency answers for it. */
export const isShared = (t: Pick<TaskLine, 'share'>): boolean => t.share.answering.length > 1;

/** What agencies of a kind are called when counted ("09/22 bộ, ngành", "62/63 địa phương"), in the secretariat's order. */
export const KIND_NOUN: Record<AgencyKind, string> = { province: 'địa phương', ministry: 'bộ, ngành', other: 'đơn vị khác' };
const KIND_ORDER: AgencyKind[] = ['province', 'ministry', 'other'];

/** "bộ, ngành" when all are ministries, "địa phương" when all are provinces, else "đơn vị". */
export function kindNoun(as: Array<Pick<AgencyAnswer, 'kind'>>): string {
  if (as.length && as.every((a) => a.kind === 'ministry')) return KIND_NOUN.ministry;
  if (as.length && as.every((a) => a.kind === 'province')) return KIND_NOUN.province;
  return 'đơn vị';
}

/** Ministries and provinces answer together ("Các bộ, ngành, địa phương"): each kind is counted apart. */
export const isMixed = (as: Array<Pick<AgencyAnswer, 'kind'>>): boolean =>
  as.some((a) => a.kind === 'ministry') && as.some((a) => a.kind === 'province');

function named(as: AgencyAnswer[], max: number): string {
  const shown = as.slice(0, max).map((a) => a.name).join(', ');
  return as.length > max ? `${shown} và ${as.length - max} đơn vị khác` : shown;
}

const andList = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} và ${xs.at(-1)}` : xs[0] ?? '');

/** "02 bộ, ngành chưa hoàn thành, gồm: …", "01 địa phương chưa báo cáo: …" (the unreported named when few). */
function remainingParts(behind: AgencyAnswer[], silent: AgencyAnswer[], noun: string): string[] {
  const parts: string[] = [];
  if (behind.length) parts.push(`${pad2(behind.length)} ${noun} chưa hoàn thành, gồm: ${named(behind, SHARE_NAMED.behind)}`);
  if (silent.length) parts.push(`${pad2(silent.length)} ${noun} chưa báo cáo${silent.length <= SHARE_NAMED.notReported ? `: ${named(silent, SHARE_NAMED.notReported)}` : ''}`);
  return parts;
}

const standing = (as: AgencyAnswer[]) => ({
  done: as.filter((x) => x.standing === 'completed'),
  behind: as.filter((x) => x.standing === 'notCompleted'),
  silent: as.filter((x) => x.standing === 'notReported'),
});

/**
 * A task of ministries and provinces, as seed 002 writes it: "62/63 địa phương (còn Khánh Hòa chưa báo cáo) và 09/22
 * bộ, ngành (Văn phòng Chính phủ, …) đã hoàn thành; 13 bộ, ngành chưa hoàn thành, gồm: …". The few that remain of a
 * kind are named in its parenthesis; else the few completed are, and the remaining follow counted (and named).
 */
function mixedHeadline(a: AgencyAnswer[]): string {
  const heads: string[] = [];
  const tails: string[] = [];
  for (const kind of KIND_ORDER) {
    const of = a.filter((x) => x.kind === kind);
    if (!of.length) continue;
    const { done, behind, silent } = standing(of);
    const left = behind.length + silent.length;
    let note = '';
    if (left && left <= SHARE_NAMED.remaining) {
      note = ` (còn ${[behind.length ? `${named(behind, left)} chưa hoàn thành` : '', silent.length ? `${named(silent, left)} chưa báo cáo` : ''].filter(Boolean).join('; ')})`;
    } else {
      if (done.length && done.length <= SHARE_NAMED.completed) note = ` (${named(done, SHARE_NAMED.completed)})`;
      tails.push(...remainingParts(behind, silent, KIND_NOUN[kind]));
    }
    heads.push(`${pad2(done.length)}/${pad2(of.length)} ${KIND_NOUN[kind]}${note}`);
  }
  return [`${andList(heads)} đã hoàn thành`, ...tails].join('; ');
}

/**
 * The headline of a shared task's result, as seed 002 writes it: "02/05 bộ, ngành đã hoàn thành (Bộ Công an, Bộ Y tế);
 * 02 bộ, ngành chưa hoàn thành, gồm: Bộ Tư pháp, Bộ Nội vụ; 01 bộ, ngành chưa báo cáo: Bộ Ngoại giao"; ministries and
 * provinces together are counted by kind (mixedHeadline).
 */
export function shareHeadline(t: Pick<TaskLine, 'share'>): string {
  const a = t.share.answering;
  if (isMixed(a)) return mixedHeadline(a);
  const noun = kindNoun(a);
  const { done, behind, silent } = standing(a);
  const head = `${pad2(done.length)}/${pad2(a.length)} ${noun} đã hoàn thành${done.length && done.length <= SHARE_NAMED.completed ? ` (${named(done, SHARE_NAMED.completed)})` : ''}`;
  return [head, ...remainingParts(behind, silent, noun)].join('; ');
}

/** "… và 2 đơn vị khác chưa hoàn thành": the agencies behind beyond those listed one per line. */
export const moreBehindLabel = (n: number): string => `… và ${n} đơn vị khác chưa hoàn thành`;

/** One line per agency still behind (up to SHARE_NAMED.behind): "Bộ Tư pháp: Đang triển khai — r0.docx, ngày 01/02/2024". */
export function behindLines(t: Pick<TaskLine, 'share'>): string[] {
  const behind = t.share.answering.filter((x) => x.standing === 'notCompleted');
  const lines = behind.slice(0, SHARE_NAMED.behind).map((x) => `${x.name}: ${resultLabel(x.latest)} — ${evidenceLabel(x.latest)}`);
  if (behind.length > SHARE_NAMED.behind) lines.push(moreBehindLabel(behind.length - SHARE_NAMED.behind));
  return lines;
}

/** Coordinators that reported, listed apart (they do not decide the task): "Phối hợp: Bộ Y tế — Hoàn thành". */
export function coordinatorLine(t: Pick<TaskLine, 'share'>): string | undefined {
  const c = t.share.coordinators.filter((x) => x.latest);
  if (!c.length) return undefined;
  return `Đơn vị phối hợp: ${c.map((x) => `${x.name} — ${resultLabel(x.latest)}`).join('; ')}`;
}

/** The whole result of a task in one cell: the breakdown for a shared task, the latest result otherwise. */
export function taskResultText(t: Pick<TaskLine, 'share' | 'latest'>): string {
  if (!isShared(t)) return resultLabel(t.latest);
  return [shareHeadline(t), ...behindLines(t), coordinatorLine(t)].filter(Boolean).join('\n');
}

export const ROLE_VI = { lead: 'chủ trì', member: 'thành viên nhóm chủ trì', coordinator: 'phối hợp' } as const;

/** `intake digest task`: the task, how it stands, the breakdown, then one line per agency (its own status and report). */
export function taskBreakdownText(t: TaskLine, asOf: string): string {
  const out = [`[${t.taskId}] ${clip(t.content, 200)}`, `Đơn vị thực hiện: ${leadLabel(t)} — thời hạn: ${dueLabel(t)}`,
    `Tính đến ngày ${viDate(asOf)}: ${CATEGORY_VI[t.category]}`];
  out.push(`Kết quả: ${isShared(t) ? shareHeadline(t) : resultLabel(t.latest)}`);
  for (const a of [...t.share.answering, ...t.share.coordinators]) {
    const own = a.latest ? `${a.latest.status ? labelOf(STATUS_LABEL, a.latest.status) : 'đã báo cáo'} — ${evidenceLabel(a.latest)}` : 'chưa báo cáo';
    out.push(`  - ${a.name} (${ROLE_VI[a.role]}): ${own}`);
  }
  if (t.share.unlisted.length) out.push(`  (không có danh sách đơn vị: ${t.share.unlisted.map((g) => labelOf(GROUPS, g)).join('; ')})`);
  return `${out.join('\n')}\n`;
}
