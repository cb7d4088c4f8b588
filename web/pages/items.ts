/**
 * Out-of-registry items (#19) in the console: `/ngoai-danh-muc` lists the rows the secretariat marked new (agency,
 * wording, first report, first seen) and, for the secretariat, a form per item that promotes it into the registry as
 * a task taking over its rows. Wiring only: shared/review/items (the code of `intake items list|promote`); a refusal
 * (task id taken, directive unknown without its date and title) is the use case's ItemError, shown in Vietnamese.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { listOutOfRegistry, promoteItem } from '#shared/review/items';
import { DayArg } from '#shared/deadlines';
import { viDate } from '#shared/domain/dates';
import { canDecide, type AppEnv } from '../auth';
import type { Deps } from '../deps';
import { html, hidden, page } from '../html';
import { validate } from '../validate';
import { agencyName } from '../names';
import { opt, reportHref, taskHref } from './common';

const ItemParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{4,128}$/, 'mã nhiệm vụ ngoài danh mục không hợp lệ') });
export const PromoteForm = z.object({
  _csrf: z.string(),
  taskId: z.string().trim().normalize('NFC').regex(/^[^\s:]+:[^\s]+$/, 'mã nhiệm vụ dạng SỐHIỆU:STT, ví dụ 2513/TB-TCTTKĐA:3'),
  directive: z.string().trim().normalize('NFC').min(3, 'cần số hiệu văn bản').max(60),
  date: opt(DayArg),
  directiveTitle: opt(z.string().trim().normalize('NFC').max(300, 'trích yếu dài quá 300 ký tự')),
});

export function itemRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/ngoai-danh-muc', async (c) => {
    const user = c.get('session').user;
    const items = await listOutOfRegistry(deps.store, { all: true });
    const standing = items.filter((d) => !d.withdrawnAt);
    const promoted = items.filter((d) => d.promotedTo);
    const done = c.req.query('xong');
    const body = html`${done ? html`<p class="notice" role="status">Đã đưa vào danh mục: <a href="${taskHref(done)}">${done}</a>.</p>` : ''}
<p>Các dòng Thư ký đã đánh dấu là nhiệm vụ mới (ngoài danh mục). Kỳ sau, dòng cùng nội dung của cơ quan đó được nhận là nhiệm vụ này, không hỏi lại.${canDecide(user) ? ' Đưa một nhiệm vụ vào danh mục: nhiệm vụ mới nhận các dòng báo cáo về nó (tình trạng ghi vào lịch sử của nhiệm vụ).' : ''}</p>
${standing.length ? html`<table><caption>${standing.length} nhiệm vụ ngoài danh mục</caption>
<thead><tr><th scope="col">Mã</th><th scope="col">Cơ quan</th><th scope="col">Nội dung</th><th scope="col">Báo cáo đầu tiên</th><th scope="col">Ngày</th>${canDecide(user) ? html`<th scope="col">Đưa vào danh mục</th>` : ''}</tr></thead>
<tbody>${standing.map((d) => html`<tr><td>${d.ref}</td><td>${agencyName(d.agencyId)}</td><td>${d.text}</td><td><a href="${reportHref(d.source.reportId)}">${d.source.fileName ?? d.source.reportId.slice(0, 12)}</a>, dòng ${d.source.stt ?? d.source.rowId}</td><td>${viDate(d.at.slice(0, 10))}</td>${canDecide(user) ? html`<td><form method="post" action="/ngoai-danh-muc/${d.id}/dua-vao">${hidden('_csrf', c.get('csrf'))}
<p><label for="task-${d.ref}">Mã nhiệm vụ</label> <input id="task-${d.ref}" name="taskId" required size="22" placeholder="2513/TB-TCTTKĐA:3"></p>
<p><label for="dir-${d.ref}">Số hiệu văn bản</label> <input id="dir-${d.ref}" name="directive" required size="18"></p>
<p><label for="date-${d.ref}">Ngày ban hành</label> <input id="date-${d.ref}" name="date" size="10" placeholder="dd/mm/yyyy"> <label for="title-${d.ref}">Trích yếu</label> <input id="title-${d.ref}" name="directiveTitle" size="24"> <small>(khi danh mục chưa có văn bản này)</small></p>
<button type="submit">Đưa vào danh mục</button></form></td>` : ''}</tr>`)}</tbody></table>` : html`<p>Chưa có nhiệm vụ ngoài danh mục nào.</p>`}
${promoted.length ? html`<h2>Đã đưa vào danh mục</h2><ul>${promoted.map((d) => html`<li>${agencyName(d.agencyId)}: ${d.text} → <a href="${taskHref(d.promotedTo!)}">${d.promotedTo}</a></li>`)}</ul>` : ''}`;
    return c.html(page({ title: 'Nhiệm vụ ngoài danh mục', section: '/xem-xet', user, csrf: c.get('csrf'), body }));
  });

  app.post('/ngoai-danh-muc/:id/dua-vao', validate('param', ItemParam), validate('form', PromoteForm), async (c) => {
    const f = c.req.valid('form');
    const { task } = await promoteItem(deps.store, c.req.valid('param').id, {
      taskId: f.taskId, directive: f.directive, ...(f.date ? { issued: f.date } : {}), ...(f.directiveTitle ? { title: f.directiveTitle } : {}),
      by: c.get('session').user.name, at: deps.now().toISOString(),
    });
    return c.redirect(`/ngoai-danh-muc?xong=${encodeURIComponent(task.id)}`, 303);
  });
}
