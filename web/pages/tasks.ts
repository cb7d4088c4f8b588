/**
 * Nhiệm vụ — the registry with search and filters (directive, section, agency incl. predecessors, status, overdue,
 * due before), and a task page: per-agency status (who answers, who is done, who is behind, who has not reported)
 * and its whole history (every status entry, matcher's and secretariat's, linked to its report).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { agencyDirectory } from '#shared/agencies';
import { tasksForAgency } from '#shared/registry/query';
import { dueState } from '#shared/deadlines';
import { DayArg } from '#shared/deadlines';
import { CATEGORY_LABEL, STATUS_LABEL, labelOf } from '#shared/domain/labels';
import { viDate, viDateTime, vnToday, viMonth } from '#shared/domain/dates';
import { fold } from '#shared/domain/vietnamese';
import type { StatusEntry } from '#shared/domain/report';
import type { Task } from '#shared/domain/task';
import type { AppEnv } from '../auth';
import type { Deps } from '../deps';
import { html, page } from '../html';
import { validate } from '../validate';
import { agencyName } from '../names';
import { opt, PAGE_SIZE, PageField, pager, reportHref, taskHref } from './common';

const STATUS_FILTER = ['completed', 'not_completed', 'in_progress', 'recurring', 'none'] as const;
const ListQuery = z.object({
  q: opt(z.string().trim().max(200, 'từ khóa dài quá 200 ký tự')),
  directive: opt(z.string().trim().max(40)),
  section: opt(z.string().trim().max(20)),
  agency: opt(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'mã cơ quan không hợp lệ')),
  status: opt(z.enum(STATUS_FILTER, { error: 'tình trạng không hợp lệ' })),
  overdue: opt(z.literal('1', { error: 'chỉ nhận giá trị 1' })),
  dueBefore: opt(DayArg),
  /** the digest's category as of `asOf` (the Tổng quan charts link here), so the list is exactly the bar's. */
  category: opt(z.enum(['completed', 'overdue', 'inProgress', 'recurring'], { error: 'nhóm tình trạng không hợp lệ' })),
  asOf: opt(DayArg),
  page: PageField,
});
const TaskParam = z.object({ id: z.string().normalize('NFC').min(3).max(120).regex(/^[^\s:]+:[^\s]+$/, 'mã nhiệm vụ dạng 04/CT-TTg:B.22') });

/** The newest entry standing per agency for a task. */
function latestByAgency(entries: StatusEntry[]): Map<string, StatusEntry> {
  const out = new Map<string, StatusEntry>();
  for (const e of entries) {
    if (e.retractedAt) continue;
    const k = e.agencyId ?? '';
    const cur = out.get(k);
    if (!cur || `${e.reportDate}${e.recordedAt}` > `${cur.reportDate}${cur.recordedAt}`) out.set(k, e);
  }
  return out;
}

function newest(entries: StatusEntry[]): StatusEntry | undefined {
  return [...latestByAgency(entries).values()].sort((a, b) => b.reportDate.localeCompare(a.reportDate))[0];
}

interface ListRow { t: Task; last: StatusEntry | undefined; due: ReturnType<typeof dueState>; /** folded text searched by the keyword, made on first use. */ hay?: string }

/**
 * The registry (not removed) joined to each task's newest status and its due state on `asOf`, in the registry's
 * order, and the directives it names: kept through the read cache's memo while neither the registry nor the statuses
 * are written (the page filters and pages these rows; without a memo, read per request).
 */
async function taskList(store: Deps['store'], asOf: string): Promise<{ rows: ListRow[]; directives: string[] }> {
  const [all, latest] = await Promise.all([store.listTasks(), store.latestStatuses()]);
  const tasks = all.filter((t) => !t.removed);
  const byTask = new Map<string, StatusEntry[]>();
  for (const e of latest) {
    const list = byTask.get(e.taskId);
    if (list) list.push(e);
    else byTask.set(e.taskId, [e]);
  }
  const rows = tasks.map((t) => {
    const last = newest(byTask.get(t.id) ?? []);
    return { t, last, due: dueState(t.deadline, asOf, last?.status ?? null) };
  });
  return { rows, directives: [...new Set(tasks.map((t) => t.directive.number))].sort() };
}

export function taskRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/nhiem-vu', validate('query', ListQuery), async (c) => {
    const f = c.req.valid('query');
    const asOf = vnToday(deps.now());
    const all = await deps.store.memo?.(['registry', 'status'], `task-list#${asOf}`, () => taskList(deps.store, asOf)) ?? await taskList(deps.store, asOf);
    const directives = all.directives;
    let list = all.rows;
    if (f.directive) list = list.filter((r) => r.t.directive.number === f.directive);
    if (f.section) list = list.filter((r) => r.t.section?.code === f.section);
    if (f.agency) {
      const theirs = new Set(await tasksForAgency(list.map((r) => r.t), f.agency, asOf));
      list = list.filter((r) => theirs.has(r.t));
    }
    if (f.category) {
      const { buildDigest } = await import('#shared/digest');
      const d = await buildDigest({ store: deps.store, asOf: f.asOf ?? asOf, now: deps.now() });
      const inCategory = new Set(d.tasks.filter((l) => l.category === f.category).map((l) => l.taskId));
      list = list.filter((r) => inCategory.has(r.t.id));
    }
    if (f.q) {
      const words = fold(f.q).split(/\s+/).filter(Boolean);
      list = list.filter((r) => { const hay = (r.hay ??= `${fold(r.t.id)} ${fold(r.t.content)} ${fold(r.t.lead.raw)}`); return words.every((w) => hay.includes(w)); });
    }
    const rows = list.filter((r) => (!f.status || (f.status === 'none' ? !r.last : r.last?.status === f.status))
      && (!f.overdue || r.due.overdue)
      && (!f.dueBefore || (r.due.due !== undefined && r.due.due < f.dueBefore)));
    const shown = rows.slice((f.page - 1) * PAGE_SIZE, f.page * PAGE_SIZE);
    const agencies = agencyDirectory().all({ asOf }).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    const sel = (v: string | undefined, k: string) => (v === k ? html` selected` : '');
    const body = html`<form method="get" action="/nhiem-vu" class="filters" role="search">
<p><label for="q">Từ khóa</label> <input type="search" id="q" name="q" value="${f.q ?? ''}" maxlength="200"></p>
<p><label for="directive">Văn bản giao</label> <select id="directive" name="directive"><option value="">Tất cả</option>${directives.map((d) => html`<option${sel(f.directive, d)}>${d}</option>`)}</select>
<label for="section">Mục</label> <input type="text" id="section" name="section" value="${f.section ?? ''}" size="4" maxlength="20">
<label for="agency">Cơ quan (cả cơ quan tiền nhiệm)</label> <select id="agency" name="agency"><option value="">Tất cả</option>${agencies.map((a) => html`<option value="${a.id}"${sel(f.agency, a.id)}>${a.name}</option>`)}</select></p>
<p><label for="status">Tình trạng mới nhất</label> <select id="status" name="status"><option value="">Tất cả</option>${(['completed', 'not_completed', 'in_progress', 'recurring'] as const).map((s) => html`<option value="${s}"${sel(f.status, s)}>${STATUS_LABEL[s]}</option>`)}<option value="none"${sel(f.status, 'none')}>Chưa có báo cáo</option></select>
<input type="checkbox" id="overdue" name="overdue" value="1"${f.overdue ? html` checked` : ''}> <label for="overdue">Chỉ nhiệm vụ quá hạn</label>
<label for="dueBefore">Hạn trước ngày</label> <input type="text" id="dueBefore" name="dueBefore" value="${f.dueBefore ? viDate(f.dueBefore) : ''}" placeholder="dd/mm/yyyy" size="10" maxlength="10">
<button type="submit">Lọc</button></p>
${f.category ? html`<input type="hidden" name="category" value="${f.category}">${f.asOf ? html`<input type="hidden" name="asOf" value="${viDate(f.asOf)}">` : ''}` : ''}
</form>
<p role="status">${rows.length} nhiệm vụ${f.category ? html` — nhóm <strong>${CATEGORY_LABEL[f.category]}</strong> đến ngày ${viDate(f.asOf ?? asOf)} (<a href="/nhiem-vu">bỏ lọc</a>)` : ''}.</p>
<table><thead><tr><th scope="col">Mã</th><th scope="col">Nội dung</th><th scope="col">Chủ trì</th><th scope="col">Thời hạn</th><th scope="col">Tình trạng mới nhất</th></tr></thead>
<tbody>${shown.map(({ t, last, due }) => html`<tr><td><a href="${taskHref(t.id)}">${t.id}</a></td><td>${t.content}</td><td>${t.lead.ids.length ? t.lead.ids.map(agencyName).join('; ') : t.lead.raw}</td>
<td>${t.deadline.raw || '—'}${due.overdue ? html`<br><strong>Chậm muộn${due.lateSince ? ` từ ${viMonth(due.lateSince)}` : ''}</strong>` : ''}</td>
<td>${last ? html`${labelOf(STATUS_LABEL, last.status, 'Không ghi')} <span class="muted">(${viDate(last.reportDate)})</span>` : 'Chưa có báo cáo'}</td></tr>`)}</tbody></table>
${pager('/nhiem-vu', { q: f.q, directive: f.directive, section: f.section, agency: f.agency, status: f.status, overdue: f.overdue, dueBefore: f.dueBefore, category: f.category, asOf: f.asOf }, f.page, rows.length)}`;
    return c.html(page({ title: 'Nhiệm vụ', section: '/nhiem-vu', user: c.get('session').user, csrf: c.get('csrf'), body }));
  });

  app.get('/nhiem-vu/:id{.+}', validate('param', TaskParam), async (c) => {
    const { id } = c.req.valid('param');
    const task = await deps.store.getTask(id);
    const user = c.get('session').user;
    const csrf = c.get('csrf');
    if (!task) return c.html(page({ title: 'Không có nhiệm vụ này', section: '/nhiem-vu', user, csrf, body: html`<p><a href="/nhiem-vu">Về danh mục</a></p>` }), 404);
    const asOf = vnToday(deps.now());
    const history = (await deps.store.statusHistory(id)).sort((a, b) => b.reportDate.localeCompare(a.reportDate) || b.recordedAt.localeCompare(a.recordedAt));
    const latest = latestByAgency(history);
    const dir = agencyDirectory();
    const owing = [...new Set([...task.lead.ids, ...(task.coord?.ids ?? [])].map((a) => { try { return dir.successorOn(a, asOf); } catch { return a; } }))];
    const reports = new Map((await Promise.all([...new Set(history.map((h) => h.reportId))].map((r) => deps.store.getReport(r)))).filter((r) => !!r).map((r) => [r!.id, r!]));
    const role = (a: string) => (task.lead.ids.some((l) => l === a || (() => { try { return dir.successorOn(l, asOf) === a; } catch { return false; } })()) ? 'chủ trì' : 'phối hợp');
    const body = html`<p>${task.content}</p>
<dl class="cells"><dt>Văn bản giao</dt><dd>${task.directive.number}${task.section ? ` — mục ${task.section.code}. ${task.section.title}` : ''}, STT ${task.stt}</dd>
<dt>Chủ trì</dt><dd>${task.lead.raw}</dd>${task.coord ? html`<dt>Phối hợp</dt><dd>${task.coord.raw}</dd>` : ''}
<dt>Thời hạn</dt><dd>${task.deadline.raw || '—'}</dd></dl>
<h2>Tình trạng theo cơ quan</h2>
<table><thead><tr><th scope="col">Cơ quan</th><th scope="col">Vai trò</th><th scope="col">Tình trạng</th><th scope="col">Theo báo cáo</th></tr></thead><tbody>
${owing.map((a) => {
      const e = latest.get(a);
      const due = dueState(task.deadline, asOf, e?.status ?? null);
      return html`<tr><td>${agencyName(a)}</td><td>${role(a)}</td><td>${e ? labelOf(STATUS_LABEL, e.status, 'Không ghi') : 'Chưa báo cáo'}${due.overdue ? html` — <strong>chậm muộn</strong>` : ''}</td><td>${e ? html`<a href="${reportHref(e.reportId)}">${reports.get(e.reportId)?.fileName ?? e.reportId}</a>, ngày ${viDate(e.reportDate)}` : '—'}</td></tr>`;
    })}</tbody></table>
<h2>Lịch sử</h2>
${history.length ? html`<table><thead><tr><th scope="col">Ngày báo cáo</th><th scope="col">Cơ quan</th><th scope="col">Tình trạng</th><th scope="col">Kết quả</th><th scope="col">Ghi bởi</th><th scope="col">Báo cáo</th></tr></thead><tbody>
${history.map((h) => html`<tr><td>${viDate(h.reportDate)}</td><td>${h.agencyId ? agencyName(h.agencyId) : '—'}</td><td>${labelOf(STATUS_LABEL, h.status, 'Không ghi')}${h.retractedAt ? html`<br><em>đã rút lại ${viDateTime(h.retractedAt)}</em>` : ''}</td><td>${h.result ?? ''}</td><td>${h.by === 'secretariat' ? 'Thư ký' : 'Bộ đối chiếu'}, ${viDateTime(h.recordedAt)}</td><td><a href="${reportHref(h.reportId)}">${reports.get(h.reportId)?.fileName ?? h.reportId}</a>, dòng ${h.rowId}</td></tr>`)}
</tbody></table>` : html`<p>Chưa có báo cáo nào nói về nhiệm vụ này.</p>`}`;
    return c.html(page({ title: `Nhiệm vụ ${task.id}`, section: '/nhiem-vu', user, csrf, body }));
  });
}
