/**
 * A report's own actions on its page (secretariat only): reassign it to another agency, withdraw it. Each goes
 * through a confirmation page (GET, nothing written) and then a POST carrying `confirm=1`, the CSRF token and the
 * same-origin check of every state change. Wiring only: shared/review/report-actions (the code of
 * `intake reports reassign|withdraw`).
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { agencyDirectory } from '#shared/agencies';
import { reassignReport, withdrawReport } from '#shared/review/report-actions';
import { viDateTime, vnToday } from '#shared/domain/dates';
import { REPORT_ACTION_LABEL } from '#shared/domain/labels';
import type { Report } from '#shared/domain/report';
import { canDecide, type AppEnv, type User } from '../auth';
import type { Deps } from '../deps';
import { html, hidden, page, type Html } from '../html';
import { validate } from '../validate';
import { agencyName } from '../names';
import { opt, reportHref } from './common';

const ReportParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'mã báo cáo không hợp lệ') });
const AgencyId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'chọn một cơ quan trong danh sách');
const Reason = opt(z.string().trim().normalize('NFC').max(300, 'lý do dài quá 300 ký tự'));
const Confirm = z.literal('1', { error: 'cần xác nhận' });
const ReassignQuery = z.object({ agency: AgencyId, reason: Reason });
const WithdrawQuery = z.object({ reason: Reason });
export const ReassignForm = z.object({ _csrf: z.string(), agency: AgencyId, reason: Reason, confirm: Confirm });
export const WithdrawForm = z.object({ _csrf: z.string(), reason: Reason, confirm: Confirm });

/** The agencies a report may be given to: those that exist today, by name. */
function agencyChoices(now: Date) {
  return agencyDirectory().all({ asOf: vnToday(now) }).filter((a) => a.type !== 'unit').sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** The report page's "Thao tác" section: history always; the two forms for the secretariat while not withdrawn. */
export function reportActionsPanel(r: Report, user: User, now: Date): Html {
  const history = r.history?.length
    ? html`<h2>Lịch sử thao tác</h2><ul>${r.history.map((h) => html`<li>${viDateTime(h.at)} — ${REPORT_ACTION_LABEL[h.action]}${h.action === 'reassigned' ? ` (${h.from ? agencyName(h.from) : 'chưa rõ'} → ${h.to ? agencyName(h.to) : '—'})` : ''}${h.by ? `, ${h.by}` : ''}${h.reason ? `: ${h.reason}` : ''}</li>`)}</ul>`
    : html``;
  if (r.withdrawn) return html`<p class="notice" role="status">Báo cáo đã bị rút ${viDateTime(r.withdrawn.at)}${r.withdrawn.reason ? ` (${r.withdrawn.reason})` : ''}: tình trạng nó ghi nhận không còn được tính.</p>${history}`;
  if (!canDecide(user)) return history;
  const base = reportHref(r.id);
  return html`<h2>Thao tác</h2>
<form method="get" action="${base}/chuyen" class="actions">
<p><label for="agency">Chuyển sang cơ quan</label> <select id="agency" name="agency" required><option value="">— chọn —</option>${agencyChoices(now).filter((a) => a.id !== r.agencyId).map((a) => html`<option value="${a.id}">${a.name}</option>`)}</select>
<label for="reason-chuyen">Lý do</label> <input type="text" id="reason-chuyen" name="reason" maxlength="300" size="30">
<button type="submit" class="secondary">Chuyển…</button></p></form>
<form method="get" action="${base}/rut" class="actions">
<p><label for="reason-rut">Lý do rút</label> <input type="text" id="reason-rut" name="reason" maxlength="300" size="30"> <button type="submit" class="secondary">Rút báo cáo…</button></p></form>
${history}`;
}

export function reportActionRoutes(app: Hono<AppEnv>, deps: Deps): void {
  type C = Context<AppEnv>;
  const shell = (c: C, title: string, body: Html, status: 200 | 400 | 403 | 404 = 200) =>
    c.html(page({ title, section: '/bao-cao', user: c.get('session').user, csrf: c.get('csrf'), body }), status);
  const viewerRefused = (c: C) =>
    shell(c, 'Không có quyền', html`<p>Tài khoản của bạn chỉ được xem; chỉ Thư ký Tổ công tác mới chuyển hoặc rút được báo cáo.</p>`, 403);
  const missing = (c: C) => shell(c, 'Không có báo cáo này', html`<p><a href="/bao-cao">Về danh sách</a></p>`, 404);
  const unknownAgency = (c: C, id: string, r: Report) => shell(c, 'Dữ liệu không hợp lệ', html`<div class="error-summary" role="alert"><h2>Cần sửa 1 mục</h2><ul><li>Cơ quan: "${id}" không có trong danh sách cơ quan</li></ul></div><p><a href="${reportHref(r.id)}">Quay lại báo cáo</a></p>`, 400);

  app.get('/bao-cao/:id/chuyen', validate('param', ReportParam), validate('query', ReassignQuery), async (c) => {
    if (!canDecide(c.get('session').user)) return viewerRefused(c);
    const r = await deps.store.getReport(c.req.valid('param').id);
    if (!r) return missing(c);
    const q = c.req.valid('query');
    if (!agencyDirectory().get(q.agency)) return unknownAgency(c, q.agency, r);
    const rows = await deps.store.listRows(r.id);
    return shell(c, 'Xác nhận chuyển báo cáo', html`<p>Chuyển báo cáo <strong>${r.fileName}</strong> từ <strong>${r.agencyId ? agencyName(r.agencyId) : 'chưa rõ cơ quan'}</strong> sang <strong>${agencyName(q.agency)}</strong>?</p>
<p>Các tình trạng báo cáo này ghi nhận (${rows.length} dòng) sẽ được tính cho cơ quan mới; tình trạng cũ được giữ trong lịch sử, đánh dấu đã rút lại.${q.reason ? ` Lý do: ${q.reason}.` : ''}</p>
<form method="post" action="${reportHref(r.id)}/chuyen">${hidden('_csrf', c.get('csrf'))}${hidden('agency', q.agency)}${q.reason ? hidden('reason', q.reason) : ''}${hidden('confirm', '1')}
<div class="actions"><button type="submit">Xác nhận chuyển</button> <a href="${reportHref(r.id)}">Hủy</a></div></form>`);
  });

  app.post('/bao-cao/:id/chuyen', validate('param', ReportParam), validate('form', ReassignForm), async (c) => {
    const r = await deps.store.getReport(c.req.valid('param').id);
    if (!r) return missing(c);
    const f = c.req.valid('form');
    if (!agencyDirectory().get(f.agency)) return unknownAgency(c, f.agency, r);
    await reassignReport(deps.store, r.id, f.agency, { by: c.get('session').user.name, at: deps.now().toISOString(), ...(f.reason ? { reason: f.reason } : {}) });
    return c.redirect(`${reportHref(r.id)}?xong=chuyen`, 303);
  });

  app.get('/bao-cao/:id/rut', validate('param', ReportParam), validate('query', WithdrawQuery), async (c) => {
    if (!canDecide(c.get('session').user)) return viewerRefused(c);
    const r = await deps.store.getReport(c.req.valid('param').id);
    if (!r) return missing(c);
    const q = c.req.valid('query');
    return shell(c, 'Xác nhận rút báo cáo', html`<p>Rút báo cáo <strong>${r.fileName}</strong> của <strong>${r.agencyId ? agencyName(r.agencyId) : 'chưa rõ cơ quan'}</strong>?</p>
<p>Báo cáo và các dòng của nó được giữ lại; tình trạng nó ghi nhận không còn được tính (tình trạng mới nhất của từng nhiệm vụ lùi về báo cáo trước đó).${q.reason ? ` Lý do: ${q.reason}.` : ''}</p>
<form method="post" action="${reportHref(r.id)}/rut">${hidden('_csrf', c.get('csrf'))}${q.reason ? hidden('reason', q.reason) : ''}${hidden('confirm', '1')}
<div class="actions"><button type="submit">Xác nhận rút</button> <a href="${reportHref(r.id)}">Hủy</a></div></form>`);
  });

  app.post('/bao-cao/:id/rut', validate('param', ReportParam), validate('form', WithdrawForm), async (c) => {
    const r = await deps.store.getReport(c.req.valid('param').id);
    if (!r) return missing(c);
    const f = c.req.valid('form');
    await withdrawReport(deps.store, r.id, { by: c.get('session').user.name, at: deps.now().toISOString(), ...(f.reason ? { reason: f.reason } : {}) });
    return c.redirect(`${reportHref(r.id)}?xong=rut`, 303);
  });
}
