/**
 * Cơ quan — agencies (those that exist today; merged ones shown with their 2025 successor), report contacts
 * (edited through shared/agencies' setAgencyContact, as `intake agency set-contact`), and one agency's page with
 * its reports and the tasks it answers for that are not completed.
 */
import type { Hono } from 'hono';
import { roundLinksSection } from '../agency/console';
import { z } from 'zod';
import { agencyDirectory } from '#shared/agencies';
import { Domain, Email, setAgencyContact } from '#shared/agencies/contacts';
import { tasksForAgency } from '#shared/registry/query';
import { dueState } from '#shared/deadlines';
import { recipientStateVi } from '#shared/recipients/health';
import { viDate, vnToday } from '#shared/domain/dates';
import { REPORT_STATE_LABEL, STATUS_LABEL, labelOf } from '#shared/domain/labels';
import { canDecide, type AppEnv } from '../auth';
import type { Deps } from '../deps';
import { html, hidden, page } from '../html';
import { validate } from '../validate';
import { agencyName } from '../names';
import { opt, PAGE_SIZE, PageField, pager, reportHref, taskHref } from './common';

const AgencyParam = z.object({ id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'mã cơ quan không hợp lệ') });
const ListQuery = z.object({ q: opt(z.string().trim().max(100)), page: PageField });
const list = (s: z.ZodType<string, string>) => z.string().max(2000).default('').transform((v) => v.split(/[\s,;]+/).filter(Boolean)).pipe(z.array(s).max(50));
const ContactForm = z.object({ _csrf: z.string(), emails: list(Email), domains: list(Domain) });

const href = (id: string) => `/co-quan/${encodeURIComponent(id)}`;

export function agencyRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/co-quan', validate('query', ListQuery), async (c) => {
    const f = c.req.valid('query');
    const dir = agencyDirectory();
    const asOf = vnToday(deps.now());
    const contacts = new Map((await deps.store.listContacts()).map((x) => [x.agencyId, x]));
    let all = dir.all().filter((a) => a.type !== 'unit').sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    if (f.q) {
      const k = f.q.toLocaleLowerCase('vi');
      all = all.filter((a) => a.name.toLocaleLowerCase('vi').includes(k) || (a.code ?? '').toLocaleLowerCase('vi') === k);
    }
    const shown = all.slice((f.page - 1) * PAGE_SIZE, f.page * PAGE_SIZE);
    const body = html`<form method="get" action="/co-quan" role="search"><label for="q">Tên cơ quan</label> <input type="search" id="q" name="q" value="${f.q ?? ''}" maxlength="100"> <button type="submit">Tìm</button></form>
<p role="status">${all.length} cơ quan.</p>
<table><thead><tr><th scope="col">Cơ quan</th><th scope="col">Từ 2025</th><th scope="col">Địa chỉ nhận báo cáo</th></tr></thead><tbody>
${shown.map((a) => {
      const now = dir.existsOn(a.id, asOf) ? undefined : dir.nameOn(a.id, asOf);
      const ct = contacts.get(a.id);
      return html`<tr><td><a href="${href(a.id)}">${a.name}</a></td><td>${now ? `do ${now} tiếp nhận` : '—'}</td><td>${ct?.emails.length ? ct.emails.join(', ') : 'chưa có'}</td></tr>`;
    })}</tbody></table>
${pager('/co-quan', { q: f.q }, f.page, all.length)}`;
    return c.html(page({ title: 'Cơ quan', section: '/co-quan', user: c.get('session').user, csrf: c.get('csrf'), body }));
  });

  app.get('/co-quan/:id', validate('param', AgencyParam), async (c) => {
    const { id } = c.req.valid('param');
    const user = c.get('session').user;
    const csrf = c.get('csrf');
    const dir = agencyDirectory();
    const a = dir.get(id);
    if (!a) return c.html(page({ title: 'Không có cơ quan này', section: '/co-quan', user, csrf, body: html`<p><a href="/co-quan">Về danh sách</a></p>` }), 404);
    const asOf = vnToday(deps.now());
    const [contact, reports, tasks, latest, health] = await Promise.all([
      deps.store.listContacts().then((all) => all.find((x) => x.agencyId === id)),
      deps.store.listReports({ agencyId: id }),
      deps.store.listTasks().then((t) => tasksForAgency(t.filter((x) => !x.removed), id, asOf)),
      deps.store.latestStatuses(),
      deps.store.listRecipients(),
    ]);
    const mailOf = new Map(health.map((r) => [r.address, r]));
    const mine = new Map(latest.filter((e) => e.agencyId === id).map((e) => [e.taskId, e]));
    const open = tasks.filter((t) => mine.get(t.id)?.status !== 'completed');
    const predecessors = dir.predecessorsOf(id);
    const body = html`${predecessors.length ? html`<p>Tiếp nhận nhiệm vụ của: ${predecessors.map(agencyName).join('; ')}</p>` : ''}
${dir.existsOn(id, asOf) ? '' : html`<p>Từ nay nhiệm vụ do ${dir.nameOn(id, asOf)} trả lời.</p>`}
<h2>Địa chỉ nhận báo cáo</h2>
${canDecide(user) ? html`<form method="post" action="${href(id)}/lien-he">${hidden('_csrf', csrf)}
<p><label for="emails">Địa chỉ thư (cách nhau bởi dấu phẩy)</label><br><input type="text" id="emails" name="emails" size="60" maxlength="2000" value="${contact?.emails.join(', ') ?? ''}"></p>
<p><label for="domains">Tên miền được nhận (ví dụ moj.gov.vn)</label><br><input type="text" id="domains" name="domains" size="60" maxlength="2000" value="${contact?.domains.join(', ') ?? ''}"></p>
<button type="submit">Lưu</button></form>` : html`<p>${contact?.emails.join(', ') || 'chưa có'}</p>`}
${contact?.emails.length ? html`<h3>Tình trạng nhận thư</h3><ul>${contact.emails.map((e) => {
      const r = mailOf.get(e.toLowerCase());
      return html`<li>${e}: ${r ? recipientStateVi(r) : 'chưa có sự kiện gửi thư'}${r?.doNotSend ? html` — <strong>hệ thống không gửi thư đến địa chỉ này</strong> (từ ${viDate(r.since)})` : ''}</li>`;
    })}</ul>` : ''}
${await roundLinksSection(deps, id, user, csrf)}
<h2>Báo cáo (${reports.length})</h2>
${reports.length ? html`<ul>${reports.sort((x, y) => y.receivedAt.localeCompare(x.receivedAt)).map((r) => html`<li><a href="${reportHref(r.id)}">${r.fileName}</a>, ${r.reportDate ? viDate(r.reportDate) : viDate(r.receivedAt)} — ${labelOf(REPORT_STATE_LABEL, r.state)}</li>`)}</ul>` : html`<p>Chưa gửi báo cáo nào.</p>`}
<h2>Nhiệm vụ chưa hoàn thành (${open.length})</h2>
${open.length ? html`<table><thead><tr><th scope="col">Mã</th><th scope="col">Nội dung</th><th scope="col">Thời hạn</th><th scope="col">Tình trạng đã báo cáo</th></tr></thead><tbody>
${open.map((t) => { const e = mine.get(t.id); const d = dueState(t.deadline, asOf, e?.status ?? null); return html`<tr><td><a href="${taskHref(t.id)}">${t.id}</a></td><td>${t.content}</td><td>${t.deadline.raw || '—'}${d.overdue ? html` — <strong>chậm muộn</strong>` : ''}</td><td>${e ? `${labelOf(STATUS_LABEL, e.status, 'Không ghi')} (${viDate(e.reportDate)})` : 'Chưa báo cáo'}</td></tr>`; })}
</tbody></table>` : html`<p>Không có.</p>`}`;
    return c.html(page({ title: a.name, section: '/co-quan', user, csrf, body }));
  });

  app.post('/co-quan/:id/lien-he', validate('param', AgencyParam), validate('form', ContactForm), async (c) => {
    const { id } = c.req.valid('param');
    if (!agencyDirectory().get(id)) return c.html(page({ title: 'Không có cơ quan này', section: '/co-quan', user: c.get('session').user, csrf: c.get('csrf'), body: html`` }), 404);
    const f = c.req.valid('form');
    await setAgencyContact(deps.store, { agencyId: id, emails: f.emails, domains: f.domains, now: deps.now().toISOString() });
    return c.redirect(href(id), 303);
  });
}
