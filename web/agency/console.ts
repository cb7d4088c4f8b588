/**
 * The secretariat's side of the agencies' round links, on the console's agency page: per round, the agency's link
 * (version, expiry, revoked or not) with buttons to issue a new one (the old stops) and to revoke it. Behind the
 * console's session, same-origin + CSRF check and the secretariat group (app.ts); the new link is shown once, on
 * the answer to the POST (never in a redirect address or a log).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { agencyDirectory } from '#shared/agencies';
import { viDate, viDateTime, vnToday } from '#shared/domain/dates';
import { issueLink, linkExpiry, linkUrl, revokeLink } from '#shared/rounds/link';
import { listRounds } from '#shared/rounds/rounds';
import type { AppEnv } from '../auth';
import { canDecide, type User } from '../auth';
import type { Deps } from '../deps';
import { hidden, html, page, type Html } from '../html';
import { validate } from '../validate';

const AgencyParam = z.object({ id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'mã cơ quan dạng bo-tu-phap').max(100) });
const LinkForm = z.object({
  _csrf: z.string(),
  round: z.string().min(1, 'chọn một đợt').max(500),
  action: z.enum(['issue', 'revoke'], 'cấp hoặc thu hồi'),
});

const href = (id: string) => `/co-quan/${encodeURIComponent(id)}`;

/** The section on /co-quan/:id: the open rounds (not past their links' expiry) and this agency's link for each. */
export async function roundLinksSection(deps: Deps, agencyId: string, user: User, csrf: string): Promise<Html> {
  if (!deps.config.agencyLinks.secret) return html``;
  const today = vnToday(deps.now());
  const rounds = (await listRounds(deps.store)).filter((r) => vnToday(linkExpiry(r.deadline, deps.config.agencyLinks.graceDays)) >= today && (!r.agencyIds?.length || r.agencyIds.includes(agencyId))).slice(0, 5);
  if (!rounds.length) return html`<h2>Trang báo cáo theo đợt</h2><p>Chưa có đợt báo cáo nào đang mở (\`intake templates send\` tạo đợt).</p>`;
  const rows = await Promise.all(rounds.map(async (r) => ({ r, link: await deps.store.getRoundLink(agencyId, r.id) })));
  return html`<h2>Trang báo cáo theo đợt</h2>
<table><thead><tr><th scope="col">Đợt</th><th scope="col">Hạn</th><th scope="col">Đường dẫn của cơ quan</th>${canDecide(user) ? html`<th scope="col">Thao tác</th>` : ''}</tr></thead><tbody>
${rows.map(({ r, link }) => html`<tr><td>${r.period}</td><td>${viDate(r.deadline)}</td>
<td>${!link ? 'chưa cấp' : link.revokedAt ? html`đã thu hồi lúc ${viDateTime(link.revokedAt)}` : html`phiên bản ${link.version}, cấp lúc ${viDateTime(link.issuedAt)}, hiệu lực đến ${viDateTime(link.expiresAt)}`}</td>
${canDecide(user) ? html`<td><form method="post" action="${href(agencyId)}/duong-dan" class="actions">${hidden('_csrf', csrf)}${hidden('round', r.id)}
<button type="submit" name="action" value="issue">${link ? 'Cấp đường dẫn mới' : 'Cấp đường dẫn'}</button>
${link && !link.revokedAt ? html`<button type="submit" name="action" value="revoke" class="secondary">Thu hồi</button>` : ''}</form></td>` : ''}</tr>`)}
</tbody></table>`;
}

export function roundLinkConsoleRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.post('/co-quan/:id/duong-dan', validate('param', AgencyParam), validate('form', LinkForm), async (c) => {
    const { id } = c.req.valid('param');
    const f = c.req.valid('form');
    const user = c.get('session').user;
    const csrf = c.get('csrf');
    const a = agencyDirectory().get(id);
    if (!a) return c.html(page({ title: 'Không có cơ quan này', section: '/co-quan', user, csrf, body: html`<p><a href="/co-quan">Về danh sách</a></p>` }), 404);
    const linkDeps = { store: deps.store, config: deps.config, now: deps.now };
    if (f.action === 'revoke') {
      const done = await revokeLink(linkDeps, { agencyId: id, roundId: f.round, by: user.name });
      return c.html(page({ title: a.name, section: '/co-quan', user, csrf, notice: done ? 'Đã thu hồi đường dẫn; trang báo cáo của cơ quan cho đợt này không mở được nữa.' : 'Không có đường dẫn đang hiệu lực để thu hồi.', body: html`<p><a href="${href(id)}">Về trang cơ quan</a></p>` }));
    }
    const got = await issueLink(linkDeps, { agencyId: id, roundId: f.round, by: user.name });
    const url = linkUrl(deps.config, got.token, deps.config.agencyLinks.baseUrl ?? new URL(c.req.url).origin)!;
    const body = html`<p>Đường dẫn mới (phiên bản ${got.link.version}) cho ${a.name}, hiệu lực đến ${viDateTime(got.link.expiresAt)}.${got.link.version > 1 ? ' Đường dẫn cũ không còn dùng được.' : ''} Chỉ hiện một lần trên trang này; thư nhắc của đợt sẽ mang đường dẫn này.</p>
<p><label for="link">Đường dẫn (sao chép gửi cơ quan)</label><br><input type="text" id="link" readonly size="80" value="${url}"></p>
<p><a href="${href(id)}">Về trang cơ quan</a></p>`;
    c.header('Cache-Control', 'no-store');
    return c.html(page({ title: a.name, section: '/co-quan', user, csrf, notice: 'Đã cấp đường dẫn.', body }));
  });
}
