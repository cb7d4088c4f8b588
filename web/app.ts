/**
 * The console: one Hono application, server-rendered, for the secretariat. Routes only wire — they parse input
 * with zod and call the same shared/ use cases as the `intake` CLI. Runs behind API Gateway in Lambda
 * (functions/web.ts) and locally in `intake serve` (web/server.ts).
 *
 * Every response carries a strict Content-Security-Policy (scripts and styles from /static only). Every page but
 * /static and the login needs a session; every state-changing request needs the same origin (Origin or
 * Sec-Fetch-Site) and the session's CSRF token; decisions need the `secretariat` group; a session's state changes are
 * rate-limited (web/rate-limit).
 */
import { Hono, type Context } from 'hono';
import { canDecide, csrfToken, sameOrigin, sameSecret, type AppEnv } from './auth';
import type { ConsoleDeps, Deps } from './deps';
import { bare } from './html';
import { rateLimit } from './rate-limit';
import { createHash } from 'node:crypto';
import { staticRoutes } from './static';
import { reviewRoutes } from './pages/review';
import { ocrCropRoutes } from './pages/ocr-crop';
import { homeRoutes } from './pages/home';
import { taskRoutes } from './pages/tasks';
import { reportRoutes } from './pages/reports';
import { reportActionRoutes } from './pages/report-actions';
import { meetingRoutes } from './pages/meetings';
import { agencyRoutes } from './pages/agencies';
import { registryRoutes, registryUploadLimit } from './pages/registry';
import { itemRoutes } from './pages/items';
import { agencyRoundRoutes } from './agency/routes';
import { roundLinkConsoleRoutes } from './agency/console';
import { consoleCsp } from './csp';

export type { ConsoleDeps } from './deps';

const CSP = consoleCsp();

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** state-changing requests per session per minute (web/rate-limit; per Lambda instance in AWS). */
export const STATE_CHANGES_PER_MINUTE = 60;


export function refuse(c: Context, status: 400 | 401 | 403 | 404, title: string, message: string) {
  return c.html(bare(title, message), status);
}

export function createConsole(input: ConsoleDeps): Hono<AppEnv> {
  const deps: Deps = { now: () => new Date(), ...input };
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on our own form posts
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  staticRoutes(app);
  app.get('/favicon.ico', (c) => c.body(null, 204));
  deps.auth.mount(app);
  // an upload larger than the ingest's limit is refused before its body is read (the CSRF check below parses forms)
  app.use('/danh-muc/nhap', registryUploadLimit(deps));
  // the agencies' own pages (#16): their signed link instead of a session, before the session check
  agencyRoundRoutes(app, deps);

  // every other route: a session first
  app.use('*', async (c, next) => {
    const session = await deps.auth.session(c);
    if (!session) {
      if (SAFE_METHODS.has(c.req.method) && deps.auth.loginUrl) return c.redirect(`${deps.auth.loginUrl}?next=${encodeURIComponent(c.req.path)}`, 303);
      return refuse(c, 401, 'Cần đăng nhập', 'Hãy mở địa chỉ đăng nhập in ra trong cửa sổ lệnh `intake serve` (hoặc đăng nhập qua trang của Tổ công tác).');
    }
    if (!session.user.groups.length) return refuse(c, 403, 'Không có quyền', 'Tài khoản chưa thuộc nhóm nào của bảng điều khiển (secretariat hoặc viewer); hãy liên hệ Tổ thư ký.');
    c.set('session', session);
    c.set('csrf', csrfToken(deps.auth.csrfKey, session.id));
    if (!SAFE_METHODS.has(c.req.method)) {
      if (!sameOrigin(c)) return refuse(c, 403, 'Yêu cầu bị từ chối', 'Yêu cầu không đến từ trang của bảng điều khiển (kiểm tra nguồn gốc không đạt).');
      let sent = c.req.header('x-csrf-token');
      if (!sent && /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(c.req.header('content-type') ?? '')) {
        const body = await c.req.parseBody();
        sent = typeof body._csrf === 'string' ? body._csrf : undefined;
      }
      if (!sent || !sameSecret(sent, c.get('csrf'))) {
        return refuse(c, 403, 'Yêu cầu bị từ chối', 'Mã chống giả mạo (CSRF) thiếu hoặc không đúng. Hãy tải lại trang rồi thử lại.');
      }
      if (c.req.path !== '/dang-xuat' && !canDecide(session.user)) {
        return refuse(c, 403, 'Không có quyền', 'Tài khoản của bạn chỉ được xem; chỉ Thư ký Tổ công tác mới ghi được quyết định.');
      }
    }
    await next();
  });

  // a session that posts in a loop (a stuck key, a script) is slowed down; reads are not counted
  app.use('*', rateLimit({
    limit: STATE_CHANGES_PER_MINUTE, windowMs: 60_000,
    key: (c) => (SAFE_METHODS.has(c.req.method) ? undefined : createHash('sha256').update(c.get('session').id).digest('base64url')),
  }));

  app.post('/dang-xuat', async (c) => {
    const next = await deps.auth.logout(c);
    return next ? c.redirect(next, 303) : c.html(bare('Đã đăng xuất', 'Bạn đã đăng xuất khỏi bảng điều khiển.'));
  });

  homeRoutes(app, deps);
  ocrCropRoutes(app, deps);
  reviewRoutes(app, deps);
  taskRoutes(app, deps);
  reportRoutes(app, deps);
  reportActionRoutes(app, deps);
  meetingRoutes(app, deps);
  agencyRoutes(app, deps);
  roundLinkConsoleRoutes(app, deps);
  registryRoutes(app, deps);
  itemRoutes(app, deps);

  app.notFound((c) => refuse(c, 404, 'Không tìm thấy', 'Trang này không có.'));
  app.onError((err, c) => {
    // no document text in logs: the error's name and message only (messages never carry cells)
    console.error(`console: ${c.req.method} ${c.req.path}: ${err.name}`);
    const vi = (err as { messageVi?: string }).messageVi;
    // a domain refusal (MeetingError, DigestError, …) carries its Vietnamese message: the request was wrong, not us
    return c.html(bare(vi ? 'Không thực hiện được' : 'Có lỗi', vi ?? 'Có lỗi khi xử lý yêu cầu; hãy thử lại.'), vi ? 400 : 500);
  });
  return app;
}
