/**
 * Cần xem xét — the review queue. Each waiting row with its cells as read, the matcher's top candidates (scores,
 * reasons in Vietnamese, the words that differ highlighted), and the decisions: accept a candidate, choose another
 * task from the registry, mark new, reject. The decision is `decide` (shared/review/decide: the correction plus the decision memory) — the same code as `intake review`.
 * After a decision the next waiting row opens.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { fold } from '#shared/domain/vietnamese';
import { STATUS_LABEL, labelOf } from '#shared/domain/labels';
import { viDateTime } from '#shared/domain/dates';
import type { StoredRow } from '#shared/domain/report';
import type { Task } from '#shared/domain/task';
import { whyVi } from '#shared/match/explain';
import { decide } from '#shared/review/decide';
import { nextAfter, waitingRows, type WaitingRow } from '#shared/review/queue';
import { markOwn } from '../diff';
import { canDecide, type AppEnv } from '../auth';
import type { Deps } from '../deps';
import { html, page, raw, score, hidden, type Html } from '../html';
import { validate } from '../validate';
import { agencyName } from '../names';
import { ocrCropFigure } from './ocr-crop';

const PAGE_SIZE = 50;

const RowParams = z.object({
  reportId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'mã báo cáo không hợp lệ'),
  rowId: z.string().regex(/^\d{1,4}\.\d{1,6}$/, 'dòng dạng BẢNG.DÒNG, ví dụ 0.4'),
});
const QueueQuery = z.object({
  page: z.coerce.number().int().min(1, 'trang từ 1 trở lên').max(10_000).default(1),
  xong: z.string().max(200).optional(),
});
const RowQuery = z.object({
  q: z.string().trim().max(200, 'từ khóa dài quá 200 ký tự').optional(),
  xong: z.string().max(200).optional(),
});
/** where the decision was taken: from the queue's list (its inline action) the list opens again. */
const PostQuery = z.object({ tu: z.enum(['hang-cho']).optional() });
const TaskIdField = z.string().trim().normalize('NFC').min(3).max(120).regex(/^[^\s:]+:[^\s]+$/, 'mã nhiệm vụ dạng 04/CT-TTg:B.22');
export const DecisionForm = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), taskId: TaskIdField, _csrf: z.string() }),
  z.object({ action: z.literal('reject'), _csrf: z.string() }),
  z.object({ action: z.literal('new'), _csrf: z.string() }),
], { error: 'quyết định phải là chấp nhận, bác bỏ hoặc mới' });

const rowHref = (r: Pick<StoredRow, 'reportId' | 'rowId'>) => `/xem-xet/${encodeURIComponent(r.reportId)}/${encodeURIComponent(r.rowId)}`;
const rowCode = (r: Pick<StoredRow, 'reportId' | 'rowId'>) => `${r.reportId.slice(0, 12)}/${r.rowId}`;

async function waiting(deps: Deps): Promise<WaitingRow[]> {
  return waitingRows(deps.store);
}

const KIND_VI = { review: 'Cần chọn nhiệm vụ', new: 'Ngoài danh mục, chờ xác nhận mới' } as const;

/** The shortcuts of a row's page, said on the page (the buttons carry them too: data-key, aria-keyshortcuts). */
function shortcutsHelp(candidates: number): Html {
  return html`<section aria-labelledby="keys-h" class="keys"><h2 id="keys-h">Phím tắt</h2>
<dl>${candidates ? html`<dt><kbd>1</kbd>${candidates > 1 ? html`–<kbd>${candidates}</kbd>` : ''}</dt><dd>chấp nhận gợi ý có số đó</dd>` : ''}
<dt><kbd>m</kbd></dt><dd>nhiệm vụ mới (ngoài danh mục)</dd>
<dt><kbd>b</kbd></dt><dd>bác bỏ đối chiếu</dd>
<dt><kbd>/</kbd></dt><dd>tìm nhiệm vụ khác trong danh mục</dd>
<dt><kbd>n</kbd></dt><dd>sang dòng tiếp theo, chưa quyết định</dd></dl>
<p class="muted">Phím tắt không dùng khi con trỏ đang ở ô nhập. Sau mỗi quyết định, dòng tiếp theo trong hàng chờ tự mở.</p></section>`;
}

function place(r: StoredRow): string {
  const s = r.cells.source;
  return [`bảng ${r.table + 1}`, s.page ? `trang ${s.page}` : '', s.sheet ? `trang tính "${s.sheet}"` : '', `dòng ${s.row}`].filter(Boolean).join(', ');
}

function taskSummary(t: Task | undefined, id: string): Html {
  if (!t) return html`<p class="muted">Nhiệm vụ ${id} không còn trong danh mục.</p>`;
  return html`<p class="muted">${t.directive.number}${t.section ? ` · mục ${t.section.code}` : ''} · chủ trì: ${t.lead.ids.length ? t.lead.ids.map(agencyName).join('; ') : t.lead.raw} · thời hạn: ${t.deadline.raw || '—'}</p>`;
}

function decideForm(o: { action: 'accept' | 'reject' | 'new'; taskId?: string; key?: string; label: string; csrf: string; action_url: string; secondary?: boolean }): Html {
  return html`<form method="post" action="${o.action_url}">
${hidden('_csrf', o.csrf)}${hidden('action', o.action)}${o.taskId ? hidden('taskId', o.taskId) : ''}
<button type="submit"${o.secondary ? raw(' class="secondary"') : ''}${o.key ? html` data-key="${o.key}" aria-keyshortcuts="${o.key}"` : ''}>${o.label}${o.key ? html` <kbd>${o.key}</kbd>` : ''}</button>
</form>`;
}

function searchResults(hits: Task[], r: StoredRow, csrf: string, q: string): Html {
  if (!q) return html``;
  if (!hits.length) return html`<p role="status">Không có nhiệm vụ nào khớp "${q}".</p>`;
  return html`<p role="status">${hits.length} nhiệm vụ khớp "${q}"${hits.length >= 20 ? ' (20 đầu tiên)' : ''}:</p>
<ul class="hits">${hits.map((t) => html`<li><strong>${t.id}</strong> — ${t.content}
${decideForm({ action: 'accept', taskId: t.id, label: `Chọn ${t.id}`, csrf, action_url: rowHref(r) })}</li>`)}</ul>`;
}

function searchTasks(tasks: Task[], q: string): Task[] {
  const words = fold(q).split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const out: Task[] = [];
  for (const t of tasks) {
    if (t.removed) continue;
    const hay = `${fold(t.id)} ${fold(t.content)}`;
    if (words.every((w) => hay.includes(w))) out.push(t);
    if (out.length >= 20) break;
  }
  return out;
}

export function reviewRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/xem-xet', validate('query', QueueQuery), async (c) => {
    const { page: n, xong } = c.req.valid('query');
    const queue = await waiting(deps);
    const rows = queue.map((w) => w.row);
    const kindOf = new Map(queue.map((w) => [`${w.row.reportId}/${w.row.rowId}`, w.kind]));
    const allowed = canDecide(c.get('session').user);
    const csrf = c.get('csrf');
    const nNew = queue.filter((w) => w.kind === 'new').length;
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const shown = rows.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
    const reports = new Map((await Promise.all([...new Set(shown.map((r) => r.reportId))].map((id) => deps.store.getReport(id)))).filter((r) => !!r).map((r) => [r!.id, r!]));
    const body = rows.length
      ? html`<p>${rows.length} dòng đang chờ quyết định${nNew ? ` (trong đó ${nNew} dòng ngoài danh mục chờ xác nhận là nhiệm vụ mới)` : ''}. Mở một dòng để xem bằng chứng; phím tắt trên trang dòng: <kbd>1</kbd>–<kbd>3</kbd> chấp nhận gợi ý, <kbd>m</kbd> mới, <kbd>b</kbd> bác bỏ, <kbd>/</kbd> tìm nhiệm vụ, <kbd>n</kbd> dòng tiếp theo.</p>
<table><caption class="muted">Trang ${n}/${pages}</caption>
<thead><tr><th scope="col">Dòng</th><th scope="col">Loại</th><th scope="col">Cơ quan, tệp</th><th scope="col">STT</th><th scope="col">Nội dung như đã đọc</th><th scope="col">Gợi ý đầu</th></tr></thead>
<tbody>${shown.map((r) => {
        const rep = reports.get(r.reportId);
        const top = r.match?.candidates[0];
        const kind = kindOf.get(`${r.reportId}/${r.rowId}`) ?? 'review';
        return html`<tr><td><a href="${rowHref(r)}">${rowCode(r)}</a></td><td>${KIND_VI[kind]}${kind === 'new' && allowed ? decideForm({ action: 'new', label: 'Xác nhận là nhiệm vụ mới', csrf, action_url: `${rowHref(r)}?tu=hang-cho`, secondary: true }) : ''}</td><td>${rep?.agencyId ? agencyName(rep.agencyId) : 'Chưa rõ cơ quan'}<br><span class="muted">${rep?.fileName ?? r.reportId}</span></td><td>${r.cells.stt ?? '—'}</td><td>${r.cells.content ?? ''}</td><td>${top ? html`${top.taskId} (${score(top.score)})` : '—'}</td></tr>`;
      })}</tbody></table>
${pages > 1 ? html`<nav class="pager" aria-label="Trang">${n > 1 ? html`<a href="/xem-xet?page=${n - 1}">Trang trước</a>` : ''}${n < pages ? html`<a href="/xem-xet?page=${n + 1}">Trang sau</a>` : ''}</nav>` : ''}`
      : html`<p role="status">Không còn dòng nào cần xem xét.</p>`;
    const items = html`<p><a href="/ngoai-danh-muc">Nhiệm vụ ngoài danh mục đã xác nhận</a>: danh sách, đưa vào danh mục.</p>`;
    return c.html(page({ title: 'Cần xem xét', section: '/xem-xet', user: c.get('session').user, csrf: c.get('csrf'), body: html`${body}${items}`, notice: xong ? `Đã ghi quyết định cho dòng ${xong}.` : undefined }));
  });

  app.get('/xem-xet/:reportId/:rowId', validate('param', RowParams), validate('query', RowQuery), async (c) => {
    const { reportId, rowId } = c.req.valid('param');
    const { q, xong } = c.req.valid('query');
    const [report, row] = await Promise.all([deps.store.getReport(reportId), deps.store.getRow(reportId, rowId)]);
    if (!report || !row) return c.html(page({ title: 'Không có dòng này', user: c.get('session').user, csrf: c.get('csrf'), body: html`<p><a href="/xem-xet">Về hàng chờ</a></p>` }), 404);
    const csrf = c.get('csrf');
    const user = c.get('session').user;
    const candidates = (row.match?.candidates ?? []).slice(0, 3);
    const tasks = await Promise.all(candidates.map((k) => deps.store.getTask(k.taskId)));
    const content = row.cells.content ?? '';
    const hits = q ? searchTasks(await deps.store.listTasks(), q) : [];
    const partial = c.req.header('hx-request') === 'true' && c.req.header('hx-target') === 'search-results';
    if (partial) return c.html(searchResults(hits, row, csrf, q ?? ''));
    const decided = row.override
      ? html`<p class="notice" role="status">Đã quyết định: ${({ accept: 'chấp nhận', reject: 'bác bỏ', new: 'nhiệm vụ mới' } as const)[row.override.action]}${row.override.taskId ? ` → ${row.override.taskId}` : ''} (${row.override.by ?? '—'}, ${viDateTime(row.override.at)}). Có thể quyết định lại.</p>`
      : '';
    const allowed = canDecide(user);
    const queue = await waiting(deps);
    const kind = queue.find((w) => w.row.reportId === row.reportId && w.row.rowId === row.rowId)?.kind;
    const skip = nextAfter(queue, row);
    const body = html`${decided}
${kind === 'new' ? html`<p class="notice" role="status">Bộ đối chiếu không thấy nhiệm vụ nào trong danh mục cho dòng này: dòng chờ được <strong>xác nhận là nhiệm vụ mới</strong> (ngoài danh mục), hoặc chọn một nhiệm vụ trong danh mục, hoặc bác bỏ.</p>` : ''}
<section aria-labelledby="cells-h"><h2 id="cells-h">Dòng như đã đọc</h2>
<p class="muted">${report.agencyId ? agencyName(report.agencyId) : 'Chưa rõ cơ quan'} · <a href="/bao-cao/${encodeURIComponent(report.id)}">${report.fileName}</a> · ${place(row)}</p>
<dl class="cells">
<dt>STT</dt><dd>${row.cells.stt ?? '—'}</dd>
<dt>Nội dung</dt><dd>${content || '—'}</dd>
<dt>Thời hạn</dt><dd>${row.cells.deadline ?? '—'}</dd>
<dt>Kết quả</dt><dd>${row.cells.result ?? '—'}</dd>
<dt>Tình trạng</dt><dd>${labelOf(STATUS_LABEL, row.status?.value, 'Không ghi')}</dd>
</dl>${ocrCropFigure(row)}</section>
<section aria-labelledby="cand-h"><h2 id="cand-h">Nhiệm vụ gợi ý</h2>
${candidates.length ? candidates.map((k, i) => html`<article class="cand" aria-labelledby="cand-${i}">
<h3 id="cand-${i}">${i + 1}. ${k.taskId} — điểm ${score(k.score)}</h3>
${tasks[i] ? html`<p>${markOwn(tasks[i]!.content, content)}</p>${content ? html`<p class="muted">Dòng báo cáo, chữ không có trong gợi ý được tô: ${markOwn(content, tasks[i]!.content)}</p>` : ''}` : ''}
${taskSummary(tasks[i], k.taskId)}
${k.why?.length ? html`<p>Lý do: ${k.why.map(whyVi).join('; ')}</p>` : ''}
${allowed ? decideForm({ action: 'accept', taskId: k.taskId, key: String(i + 1), label: `Chấp nhận gợi ý ${i + 1}`, csrf, action_url: rowHref(row) }) : ''}
</article>`) : html`<p>Bộ đối chiếu không tìm được nhiệm vụ nào đủ gần.</p>`}
${content && candidates.length ? html`<p class="muted">Chữ được <mark>tô vàng</mark> trong gợi ý là chữ không có trong dòng báo cáo (so từng từ, không phân biệt dấu và hoa thường), và ngược lại.</p>` : ''}
</section>
${allowed ? html`<section aria-labelledby="other-h"><h2 id="other-h">Quyết định khác</h2>
<div class="actions">
${decideForm({ action: 'new', key: 'm', label: kind === 'new' ? 'Xác nhận là nhiệm vụ mới (ngoài danh mục)' : 'Nhiệm vụ mới (ngoài danh mục)', csrf, action_url: rowHref(row), secondary: kind !== 'new' })}
${decideForm({ action: 'reject', key: 'b', label: 'Bác bỏ đối chiếu', csrf, action_url: rowHref(row), secondary: true })}
</div>
<form method="get" action="${rowHref(row)}" role="search" hx-get="${rowHref(row)}" hx-target="#search-results" hx-swap="innerHTML" hx-push-url="true">
<label for="q">Tìm nhiệm vụ khác trong danh mục (<kbd>/</kbd>)</label>
<input type="search" id="q" name="q" value="${q ?? ''}" maxlength="200" data-shortcut-search>
<button type="submit">Tìm</button>
</form>
<div id="search-results" aria-live="polite">${searchResults(hits, row, csrf, q ?? '')}</div>
</section>` : html`<p class="muted">Tài khoản chỉ xem: không ghi được quyết định.</p>`}
${allowed ? shortcutsHelp(candidates.length) : ''}
<p>${skip ? html`<a href="${rowHref(skip.row)}" data-key="n" aria-keyshortcuts="n">Dòng tiếp theo <kbd>n</kbd></a> · ` : ''}<a href="/xem-xet">Về hàng chờ</a></p>`;
    return c.html(page({ title: `Dòng ${rowCode(row)}`, section: '/xem-xet', user, csrf, body, notice: xong ? `Đã ghi quyết định cho dòng ${xong}.` : undefined }));
  });

  app.post('/xem-xet/:reportId/:rowId', validate('param', RowParams), validate('query', PostQuery), validate('form', DecisionForm), async (c) => {
    const { reportId, rowId } = c.req.valid('param');
    const form = c.req.valid('form');
    const [report, row] = await Promise.all([deps.store.getReport(reportId), deps.store.getRow(reportId, rowId)]);
    if (!report || !row) return c.html(page({ title: 'Không có dòng này', user: c.get('session').user, csrf: c.get('csrf'), body: html`<p><a href="/xem-xet">Về hàng chờ</a></p>` }), 404);
    if (form.action === 'accept' && !(await deps.store.getTask(form.taskId))) {
      return c.html(page({ title: 'Không có nhiệm vụ này', user: c.get('session').user, csrf: c.get('csrf'), body: html`<div class="error-summary" role="alert"><h2>Cần sửa 1 mục</h2><ul><li>Mã nhiệm vụ: "${form.taskId}" không có trong danh mục</li></ul></div><p><a href="${rowHref(row)}">Quay lại dòng</a></p>` }), 400);
    }
    const correction = form.action === 'accept' ? { action: 'accept' as const, taskId: form.taskId } : { action: form.action };
    await decide(deps.store, report, row, correction, { by: c.get('session').user.name, at: deps.now().toISOString() });
    const done = encodeURIComponent(rowCode(row));
    if (c.req.valid('query').tu === 'hang-cho') return c.redirect(`/xem-xet?xong=${done}`, 303);
    const next = nextAfter(await waiting(deps), row);
    return c.redirect(next ? `${rowHref(next.row)}?xong=${done}` : `/xem-xet?xong=${done}`, 303);
  });
}
