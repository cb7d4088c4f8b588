/**
 * Phiên họp — meetings (add, move, remove), the digest of a meeting previewed exactly as the email will look
 * (the same renderer, in a sandboxed frame), "send now" behind a confirmation step, and the digests sent.
 * Wiring only: shared/meetings (add/move/remove, send now) and shared/digest (build, render).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { addMeeting, listMeetings, moveMeeting, removeMeeting, sendDateOf, getMeeting } from '#shared/meetings';
import { sendMeetingDigestNow } from '#shared/meetings/send-now';
import { buildDigest, renderHtml } from '#shared/digest';
import { DayArg } from '#shared/deadlines';
import { viDate, viDateTime, vnToday } from '#shared/domain/dates';
import { canDecide, type AppEnv } from '../auth';
import type { Deps } from '../deps';
import { html, hidden, page } from '../html';
import { validate } from '../validate';
import { opt } from './common';

const MeetingId = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'mã phiên họp không hợp lệ') });
const Email = z.string().trim().regex(/^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/, 'không phải địa chỉ thư');
const AddForm = z.object({
  _csrf: z.string(),
  title: z.string().trim().normalize('NFC').min(1, 'cần tên phiên họp').max(300, 'tên dài quá 300 ký tự'),
  date: DayArg,
  sendDaysBefore: z.coerce.number().int().min(0, 'từ 0 đến 60 ngày').max(60, 'từ 0 đến 60 ngày').default(3),
  recipients: z.string().max(2000).default('').transform((s) => s.split(/[\s,;]+/).filter(Boolean)).pipe(z.array(Email).max(50)),
});
const MoveForm = z.object({ _csrf: z.string(), date: DayArg });
const ConfirmForm = z.object({ _csrf: z.string(), asOf: DayArg, confirm: z.literal('1', { error: 'cần xác nhận gửi' }) });
const PreviewQuery = z.object({ asOf: opt(DayArg) });

const href = (id: string) => `/phien-hop/${encodeURIComponent(id)}`;

export function meetingRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/phien-hop', async (c) => {
    const user = c.get('session').user;
    const csrf = c.get('csrf');
    const [meetings, digests] = await Promise.all([listMeetings(deps.store), deps.store.listDigests()]);
    const sent = digests.filter((d) => d.sentAt && !d.id.startsWith('preview#')).sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? ''));
    const body = html`<table><thead><tr><th scope="col">Phiên họp</th><th scope="col">Ngày họp</th><th scope="col">Gửi tổng hợp</th><th scope="col">Người nhận</th></tr></thead><tbody>
${meetings.map((m) => html`<tr><td><a href="${href(m.id)}">${m.title}</a></td><td>${viDate(m.date)}</td><td>${viDate(sendDateOf(m))} (${m.sendDaysBefore} ngày trước)</td><td>${m.recipients.length ? m.recipients.join(', ') : 'Tổ thư ký'}</td></tr>`)}
</tbody></table>
${meetings.length ? '' : html`<p>Chưa có phiên họp nào.</p>`}
${canDecide(user) ? html`<h2>Thêm phiên họp</h2>
<form method="post" action="/phien-hop">${hidden('_csrf', csrf)}
<p><label for="title">Tên phiên họp</label><br><input type="text" id="title" name="title" required maxlength="300" size="60"></p>
<p><label for="date">Ngày họp (dd/mm/yyyy)</label><br><input type="text" id="date" name="date" required placeholder="dd/mm/yyyy" maxlength="10" size="10"></p>
<p><label for="sendDaysBefore">Gửi tổng hợp trước (ngày)</label><br><input type="text" inputmode="numeric" id="sendDaysBefore" name="sendDaysBefore" value="3" size="3"></p>
<p><label for="recipients">Người nhận (cách nhau bởi dấu phẩy; để trống: Tổ thư ký)</label><br><input type="text" id="recipients" name="recipients" size="60" maxlength="2000"></p>
<button type="submit">Thêm</button></form>` : ''}
<h2>Tổng hợp đã gửi</h2>
${sent.length ? html`<table><thead><tr><th scope="col">Gửi lúc</th><th scope="col">Phiên họp</th><th scope="col">Số liệu đến ngày</th></tr></thead><tbody>
${sent.map((d) => html`<tr><td>${viDateTime(d.sentAt!)}</td><td>${d.meetingId ?? '—'}</td><td>${viDate(d.asOf)}</td></tr>`)}</tbody></table>` : html`<p>Chưa gửi tổng hợp nào.</p>`}`;
    return c.html(page({ title: 'Phiên họp', section: '/phien-hop', user, csrf, body }));
  });

  app.post('/phien-hop', validate('form', AddForm), async (c) => {
    const f = c.req.valid('form');
    const m = await addMeeting(deps.store, { title: f.title, date: f.date, sendDaysBefore: f.sendDaysBefore, recipients: f.recipients }, deps.now());
    return c.redirect(href(m.id), 303);
  });

  app.get('/phien-hop/:id', validate('param', MeetingId), validate('query', PreviewQuery), async (c) => {
    const user = c.get('session').user;
    const csrf = c.get('csrf');
    const m = (await listMeetings(deps.store)).find((x) => x.id === c.req.valid('param').id);
    if (!m) return c.html(page({ title: 'Không có phiên họp này', section: '/phien-hop', user, csrf, body: html`<p><a href="/phien-hop">Về danh sách</a></p>` }), 404);
    const asOf = c.req.valid('query').asOf ?? vnToday(deps.now());
    const allowed = canDecide(user);
    const body = html`<dl class="cells"><dt>Ngày họp</dt><dd>${viDate(m.date)}</dd><dt>Gửi tổng hợp</dt><dd>${viDate(sendDateOf(m))}</dd><dt>Người nhận</dt><dd>${m.recipients.length ? m.recipients.join(', ') : 'Tổ thư ký'}</dd></dl>
<form method="get" action="${href(m.id)}"><label for="asOf">Số liệu đến ngày</label> <input type="text" id="asOf" name="asOf" value="${viDate(asOf)}" size="10" maxlength="10"> <button type="submit">Xem trước</button></form>
<h2>Thư tổng hợp (xem trước, đúng như thư sẽ gửi)</h2>
<iframe class="preview" title="Xem trước thư tổng hợp" src="${href(m.id)}/thu?asOf=${asOf}" sandbox width="100%" height="600"></iframe>
${allowed ? html`<h2>Gửi ngay</h2>
<form method="post" action="${href(m.id)}/gui">${hidden('_csrf', csrf)}${hidden('asOf', asOf)}
<p><input type="checkbox" id="confirm" name="confirm" value="1" required> <label for="confirm">Tôi xác nhận gửi thư tổng hợp (số liệu đến ngày ${viDate(asOf)}) tới ${m.recipients.length ? m.recipients.join(', ') : 'Tổ thư ký'} ngay bây giờ</label></p>
<button type="submit">Gửi ngay</button></form>
<h2>Dời hoặc xóa</h2>
<form method="post" action="${href(m.id)}/doi">${hidden('_csrf', csrf)}<label for="newdate">Ngày họp mới (dd/mm/yyyy)</label> <input type="text" id="newdate" name="date" required size="10" maxlength="10"> <button type="submit">Dời phiên họp</button></form>
<form method="post" action="${href(m.id)}/xoa">${hidden('_csrf', csrf)}<button type="submit" class="secondary">Xóa phiên họp</button></form>` : ''}`;
    return c.html(page({ title: m.title, section: '/phien-hop', user, csrf, body }));
  });

  // the digest's own HTML, as the mail carries it: its own CSP (inline styles only, no script, sandboxed)
  app.get('/phien-hop/:id/thu', validate('param', MeetingId), validate('query', PreviewQuery), async (c) => {
    const meeting = await getMeeting(deps.store, c.req.valid('param').id);
    const asOf = c.req.valid('query').asOf ?? vnToday(deps.now());
    const out = renderHtml(await buildDigest({ store: deps.store, asOf, meeting, now: deps.now() }));
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox");
    return c.html(out);
  });

  app.post('/phien-hop/:id/gui', validate('param', MeetingId), validate('form', ConfirmForm), async (c) => {
    const { id } = c.req.valid('param');
    const sent = await sendMeetingDigestNow({ store: deps.store, mailer: deps.mailer, config: deps.config, meetingId: id, asOf: c.req.valid('form').asOf, now: deps.now() });
    const csrf = c.get('csrf');
    return c.html(page({ title: 'Đã gửi thư tổng hợp', section: '/phien-hop', user: c.get('session').user, csrf, notice: `Đã gửi tới ${sent.to.join(', ')}.`, body: html`<p><a href="${href(id)}">Về phiên họp</a></p>` }));
  });

  app.post('/phien-hop/:id/doi', validate('param', MeetingId), validate('form', MoveForm), async (c) => {
    const m = await moveMeeting(deps.store, c.req.valid('param').id, c.req.valid('form').date);
    return c.redirect(href(m.id), 303);
  });

  app.post('/phien-hop/:id/xoa', validate('param', MeetingId), async (c) => {
    await removeMeeting(deps.store, c.req.valid('param').id);
    return c.redirect('/phien-hop', 303);
  });
}
