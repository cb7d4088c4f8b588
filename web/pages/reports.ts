/**
 * Báo cáo — reports received (agency, file, date stated, state, rows read / matched / to review / new, problems,
 * receipt sent), a report page with its rows and the original file to download.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { DECISION_LABEL, OVERRIDE_LABEL, REPORT_STATE_LABEL, STATUS_LABEL, labelOf } from '#shared/domain/labels';
import { failureOf } from '#shared/domain/failures';
import { viDate, viDateTime, vnToday } from '#shared/domain/dates';
import { DayArg } from '#shared/deadlines';
import { ReportState } from '#shared/domain/report';
import { attachmentDisposition } from '#shared/store/download-links';
import type { AppEnv } from '../auth';
import type { Deps } from '../deps';
import { html, page } from '../html';
import { validate } from '../validate';
import { agencyName } from '../names';
import { opt, PAGE_SIZE, PageField, pager, reportHref, taskHref } from './common';
import { reportActionsPanel } from './report-actions';

const ListQuery = z.object({
  agency: opt(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'mã cơ quan không hợp lệ')),
  state: opt(ReportState),
  /** received on this day (Việt Nam calendar): the Tổng quan "per day" chart links here. */
  ngay: opt(DayArg),
  page: PageField,
});
const ReportParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'mã báo cáo không hợp lệ') });
const ReportQuery = z.object({ xong: opt(z.enum(['chuyen', 'rut'])) });
const DONE = { chuyen: 'Đã chuyển báo cáo sang cơ quan mới.', rut: 'Đã rút báo cáo.' } as const;

export function reportRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/bao-cao', validate('query', ListQuery), async (c) => {
    const f = c.req.valid('query');
    let reports = await deps.store.listReports(f.agency ? { agencyId: f.agency } : undefined);
    if (f.state) reports = reports.filter((r) => r.state === f.state);
    if (f.ngay) reports = reports.filter((r) => !r.withdrawn && vnToday(r.receivedAt) === f.ngay);
    reports.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    const shown = reports.slice((f.page - 1) * PAGE_SIZE, f.page * PAGE_SIZE);
    const body = html`<form method="get" action="/bao-cao" role="search"><p>
<label for="state">Trạng thái</label> <select id="state" name="state"><option value="">Tất cả</option>${ReportState.options.map((s) => html`<option value="${s}"${f.state === s ? html` selected` : ''}>${REPORT_STATE_LABEL[s]}</option>`)}</select>
<label for="ngay">Nhận ngày</label> <input type="text" id="ngay" name="ngay" value="${f.ngay ? viDate(f.ngay) : ''}" placeholder="dd/mm/yyyy" size="10" maxlength="10">
<button type="submit">Lọc</button></p></form>
<p role="status">${reports.length} báo cáo.</p>
<table><thead><tr><th scope="col">Cơ quan</th><th scope="col">Tệp</th><th scope="col">Ngày báo cáo</th><th scope="col">Nhận lúc</th><th scope="col">Trạng thái</th><th scope="col">Dòng đọc / khớp / cần xem / mới</th><th scope="col">Biên nhận</th></tr></thead><tbody>
${shown.map((r) => html`<tr><td>${r.agencyId ? agencyName(r.agencyId) : 'Chưa rõ'}</td><td><a href="${reportHref(r.id)}">${r.fileName}</a></td><td>${r.reportDate ? viDate(r.reportDate) : '—'}</td><td>${viDateTime(r.receivedAt)}</td>
<td>${labelOf(REPORT_STATE_LABEL, r.state)}${r.error ? html`<br><span class="muted">${r.error.messageVi ?? r.error.code}</span>` : ''}</td>
<td>${r.counts ? `${r.counts.rows ?? 0} / ${r.counts.auto ?? 0} / ${r.counts.review ?? 0} / ${r.counts.new ?? 0}` : '—'}</td><td>${r.receiptSentAt ? viDateTime(r.receiptSentAt) : 'chưa gửi'}</td></tr>`)}
</tbody></table>
${pager('/bao-cao', { agency: f.agency, state: f.state, ngay: f.ngay }, f.page, reports.length)}`;
    return c.html(page({ title: 'Báo cáo', section: '/bao-cao', user: c.get('session').user, csrf: c.get('csrf'), body }));
  });

  app.get('/bao-cao/:id', validate('param', ReportParam), validate('query', ReportQuery), async (c) => {
    const { id } = c.req.valid('param');
    const { xong } = c.req.valid('query');
    const user = c.get('session').user;
    const csrf = c.get('csrf');
    const r = await deps.store.getReport(id);
    if (!r) return c.html(page({ title: 'Không có báo cáo này', section: '/bao-cao', user, csrf, body: html`<p><a href="/bao-cao">Về danh sách</a></p>` }), 404);
    const rows = await deps.store.listRows(id);
    const body = html`<dl class="cells"><dt>Cơ quan</dt><dd>${r.agencyId ? agencyName(r.agencyId) : 'Chưa rõ'}</dd>
<dt>Tệp</dt><dd>${r.fileName} — ${r.origin?.kind === 'web' ? 'nhập trên trang báo cáo của cơ quan (không có tệp)' : html`<a href="${reportHref(r.id)}/tep" download>tải tệp gốc</a>`}</dd>
<dt>Ngày báo cáo</dt><dd>${r.reportDate ? viDate(r.reportDate) : '—'}</dd><dt>Nhận lúc</dt><dd>${viDateTime(r.receivedAt)}${r.origin?.sender ? ` từ ${r.origin.sender}` : r.origin?.by ? ` — ${r.origin.by}` : ''}</dd>
<dt>Trạng thái</dt><dd>${labelOf(REPORT_STATE_LABEL, r.state)}${r.error ? ` — ${r.error.messageVi ?? r.error.message}${failureOf(r.error.code)?.fix ? ` Cách khắc phục: ${failureOf(r.error.code)!.fix}` : ''}` : ''}</dd>
${r.warnings?.length ? html`<dt>Vấn đề</dt><dd><ul>${r.warnings.map((w) => html`<li>${failureOf(w.code)?.what ?? w.message}</li>`)}</ul></dd>` : ''}
<dt>Biên nhận</dt><dd>${r.receiptSentAt ? `đã gửi ${viDateTime(r.receiptSentAt)}` : 'chưa gửi'}</dd></dl>
<h2>Các dòng (${rows.length})</h2>
${rows.length ? html`<table><thead><tr><th scope="col">Dòng</th><th scope="col">STT</th><th scope="col">Nội dung</th><th scope="col">Tình trạng</th><th scope="col">Đối chiếu</th></tr></thead><tbody>
${rows.map((row) => {
      const task = row.override?.action === 'accept' ? row.override.taskId : row.match?.decision === 'auto' ? row.match.taskId : undefined;
      const decision = row.override ? `Thư ký: ${OVERRIDE_LABEL[row.override.action]}` : labelOf(DECISION_LABEL, row.match?.decision);
      return html`<tr><td>${row.rowId}</td><td>${row.cells.stt ?? ''}</td><td>${row.cells.content ?? ''}</td><td>${labelOf(STATUS_LABEL, row.status?.value, 'Không ghi')}</td>
<td>${decision}${task ? html` → <a href="${taskHref(task)}">${task}</a>` : ''}${!row.override && row.match?.decision === 'review' ? html` — <a href="/xem-xet/${encodeURIComponent(row.reportId)}/${encodeURIComponent(row.rowId)}">xem xét</a>` : ''}</td></tr>`;
    })}</tbody></table>` : html`<p>Không có dòng nào.</p>`}
${reportActionsPanel(r, user, deps.now())}`;
    return c.html(page({ title: `Báo cáo ${r.fileName}`, section: '/bao-cao', user, csrf, body, notice: xong ? DONE[xong] : undefined }));
  });

  app.get('/bao-cao/:id/tep', validate('param', ReportParam), async (c) => {
    const r = await deps.store.getReport(c.req.valid('param').id);
    const elsewhere = r && deps.originalUrl ? await deps.originalUrl(r) : undefined;
    if (elsewhere) return c.redirect(elsewhere, 302); // a presigned GET, minted now, valid for minutes
    const blob = r ? await deps.blobs.get(r.key, r.versionId ? { versionId: r.versionId } : undefined) : undefined;
    if (!r || !blob) return c.html(page({ title: 'Không còn tệp gốc', section: '/bao-cao', user: c.get('session').user, csrf: c.get('csrf'), body: html`<p>Tệp gốc của báo cáo này không còn trong kho.</p>` }), 404);
    c.header('Content-Type', 'application/octet-stream');
    c.header('Content-Disposition', attachmentDisposition(r.fileName));
    return c.body(new Uint8Array(blob.bytes));
  });
}
