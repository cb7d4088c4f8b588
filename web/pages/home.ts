/** Tổng quan — the headline numbers (first slice: what waits for the secretariat, with links to the lists). */
import type { Hono } from 'hono';
import type { AppEnv } from '../auth';
import type { Deps } from '../deps';
import { html, page } from '../html';
import { vnToday, viDate } from '#shared/domain/dates';

export function homeRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/', async (c) => {
    const [review, reports, tasks] = await Promise.all([deps.store.listReviewRows(), deps.store.listReports(), deps.store.listTasks()]);
    const waiting = review.filter((r) => !r.override).length;
    const body = html`<p>Số liệu đến ngày ${viDate(vnToday(deps.now()))}.</p>
<ul>
<li><a href="/xem-xet">${waiting} dòng cần xem xét</a></li>
<li>${reports.length} báo cáo đã nhận</li>
<li>${tasks.filter((t) => !t.removed).length} nhiệm vụ trong danh mục</li>
</ul>`;
    return c.html(page({ title: 'Tổng quan', section: '/', user: c.get('session').user, csrf: c.get('csrf'), body }));
  });
}
