/**
 * Tổng quan — the headline numbers as of a chosen date, late tasks by when they became late, agencies that have
 * not reported (with their contacts), each linking to the list behind it. The numbers are the digest's own
 * (shared/digest buildDigest), so the page and the email never disagree.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { buildDigest } from '#shared/digest';
import { DayArg } from '#shared/deadlines';
import { vnToday, viDate } from '#shared/domain/dates';
import { CATEGORY_LABEL } from '#shared/domain/labels';
import type { AppEnv } from '../auth';
import type { Deps } from '../deps';
import { html, page } from '../html';
import { validate } from '../validate';
import { opt, taskHref } from './common';

const HomeQuery = z.object({ asOf: opt(DayArg) });

export function homeRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/', validate('query', HomeQuery), async (c) => {
    const asOf = c.req.valid('query').asOf ?? vnToday(deps.now());
    const [review, d] = await Promise.all([deps.store.listReviewRows(), buildDigest({ store: deps.store, asOf, now: deps.now() })]);
    const waiting = review.filter((r) => !r.override).length;
    const t = d.totals;
    const body = html`<form method="get" action="/"><label for="asOf">Số liệu đến ngày</label> <input type="text" id="asOf" name="asOf" value="${viDate(asOf)}" size="10" maxlength="10" placeholder="dd/mm/yyyy"> <button type="submit">Xem</button></form>
<h2>Số liệu chính</h2>
<table><tbody>
<tr><th scope="row">Tổng số nhiệm vụ</th><td><a href="/nhiem-vu">${t.tasks}</a></td></tr>
<tr><th scope="row">${CATEGORY_LABEL.completed}</th><td>${t.completed}</td></tr>
<tr><th scope="row">${CATEGORY_LABEL.overdue}</th><td><a href="/nhiem-vu?overdue=1">${t.overdue}</a></td></tr>
<tr><th scope="row">${CATEGORY_LABEL.inProgress}</th><td>${t.inProgress}</td></tr>
<tr><th scope="row">${CATEGORY_LABEL.recurring}</th><td>${t.recurring}</td></tr>
<tr><th scope="row">Chưa có báo cáo</th><td><a href="/nhiem-vu?status=none">${t.noReport}</a></td></tr>
<tr><th scope="row">Dòng cần xem xét</th><td><a href="/xem-xet">${waiting}</a></td></tr>
</tbody></table>
<h2>Nhiệm vụ chậm muộn theo thời điểm</h2>
${d.lateGroups.length ? html`<ul>${d.lateGroups.map((g) => html`<li>${g.label}: ${g.tasks.length} nhiệm vụ — ${g.tasks.slice(0, 10).map((x, i) => html`${i ? ', ' : ''}<a href="${taskHref(x.taskId)}">${x.taskId}</a>`)}${g.tasks.length > 10 ? ' …' : ''}</li>`)}</ul>` : html`<p>Không có nhiệm vụ chậm muộn.</p>`}
<h2>Cơ quan chưa báo cáo (${d.notReported.length})</h2>
${d.notReported.length ? html`<table><thead><tr><th scope="col">Cơ quan</th><th scope="col">Địa chỉ liên hệ</th></tr></thead><tbody>${d.notReported.map((a) => html`<tr><td><a href="/co-quan/${encodeURIComponent(a.id)}">${a.name}</a></td><td>${a.emails.join(', ') || 'chưa có'}</td></tr>`)}</tbody></table>` : html`<p>Mọi cơ quan có nhiệm vụ đã báo cáo.</p>`}`;
    return c.html(page({ title: 'Tổng quan', section: '/', user: c.get('session').user, csrf: c.get('csrf'), body }));
  });
}
