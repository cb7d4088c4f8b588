/**
 * The agency's page for a round, reachable with its signed link only (no account): mounted before the console's
 * session check. GET /dot-bao-cao/mo?t=<token> checks the link, puts the token in an HttpOnly cookie (SameSite=Lax:
 * the link is opened from a mail client; cross-site POSTs never carry it) and drops it from the address bar.
 * Every later request checks the token again (signature, expiry, the store's version and revocation) — a tampered,
 * expired or revoked link gets a page saying so and nothing else. State changes need the same origin and the
 * page's CSRF token (HMAC of the token's hash); submissions and uploads are rate-limited per link. The token is
 * never logged (errors name the route, not the path with its query).
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { ExtractLimits } from '#shared/extract/model';
import { uploadKey } from '#shared/ingest/keys';
import { Status } from '#shared/domain/row';
import type { RoundAnswer } from '#shared/domain/agency-round';
import { composeReceipt } from '#shared/receipts';
import { LINK_REFUSAL_VI, linkSigner, openLink, type OpenedLink } from '#shared/rounds/link';
import { RoundSubmitError, saveDraft, submitAnswers } from '#shared/rounds/submit';
import { roundView } from '#shared/rounds/view';
import type { AppEnv } from '../auth';
import { csrfToken, isHttps, sameOrigin, sameSecret } from '../auth';
import type { Deps } from '../deps';
import { RateCounter, rateLimit } from '../rate-limit';
import { consoleCsp } from '../csp';
import { AGENCY_CSS, AGENCY_JS } from './assets';
import { AGENCY_BASE, fieldId, refusalPage, roundPage, uploadResult, type FieldError, type FormState } from './page';

export const AGENCY_COOKIE = 'intake_agency';
const MAX_TASKS = 2000;

type AgencyEnv = AppEnv & { Variables: AppEnv['Variables'] & { opened: OpenedLink; agencyCsrf: string } };

const TokenQuery = z.object({ t: z.string().min(20).max(2000).regex(/^[A-Za-z0-9_.-]+$/) });
const Text = z.string().max(4000, 'tối đa 4000 ký tự');
const KeyQuery = z.object({ key: z.string().min(10).max(1000) });

/** The form as posted: n tasks, each t_i (task id), s_i (status), r_i (result), d_i (difficulties). */
export function parseRoundForm(body: Record<string, unknown>, taskIds: string[]): { answers: RoundAnswer[]; by: string; action: 'draft' | 'submit'; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const answers: RoundAnswer[] = [];
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const action = str('action') === 'draft' ? 'draft' : 'submit';
  for (let i = 0; i < Math.min(taskIds.length, MAX_TASKS); i++) {
    const taskId = str(`t_${i}`);
    if (!taskId) continue;
    const status = z.union([z.literal(''), Status]).safeParse(str(`s_${i}`));
    if (!status.success) errors.push({ field: fieldId(i, 'status'), message: `${taskId} — Tình trạng: chọn một trong các tình trạng có sẵn` });
    const result = Text.safeParse(str(`r_${i}`));
    if (!result.success) errors.push({ field: fieldId(i, 'result'), message: `${taskId} — Kết quả thực hiện: ${result.error.issues[0]!.message}` });
    const diff = Text.safeParse(str(`d_${i}`));
    if (!diff.success) errors.push({ field: fieldId(i, 'difficulties'), message: `${taskId} — Khó khăn, vướng mắc: ${diff.error.issues[0]!.message}` });
    answers.push({
      taskId,
      ...(status.success && status.data ? { status: status.data } : {}),
      ...(result.success && result.data.trim() ? { result: result.data } : {}),
      ...(diff.success && diff.data.trim() ? { difficulties: diff.data } : {}),
    });
    // a result written without a status: the status is what the digest counts
    if (action === 'submit' && status.success && !status.data && (result.data?.trim() || diff.data?.trim())) {
      errors.push({ field: fieldId(i, 'status'), message: `${taskId} — Tình trạng: hãy chọn tình trạng cho nhiệm vụ đã ghi kết quả` });
    }
  }
  const by = z.string().trim().min(2, 'ghi họ tên người cập nhật').max(120, 'tối đa 120 ký tự').safeParse(str('by'));
  if (action === 'submit' && !by.success) errors.push({ field: 'f-by', message: `Người cập nhật: ${by.error.issues[0]!.message}` });
  return { answers, by: str('by').slice(0, 120), action, errors };
}


export function agencyRoundRoutes(app: Hono<AppEnv>, deps: Deps, opts: { submitLimit?: number; uploadLimit?: number; windowMs?: number } = {}): void {
  const a = app as unknown as Hono<AgencyEnv>;
  const linkDeps = { store: deps.store, config: deps.config, now: deps.now };
  const maxBytes = ExtractLimits.parse(deps.config.limits ?? {}).maxBytes;
  const counter = new RateCounter();
  const windowMs = opts.windowMs ?? 10 * 60_000;
  const byLink = (c: Context) => (c.get('opened') as OpenedLink | undefined)?.tokenId;

  const refuse = (c: Context, why: keyof typeof LINK_REFUSAL_VI) => {
    deleteCookie(c, AGENCY_COOKIE, { path: AGENCY_BASE });
    const t = LINK_REFUSAL_VI[why];
    return c.html(refusalPage(t.title, t.message), why === 'expired' ? 410 : 403);
  };
  const signer = () => (deps.config.agencyLinks.secret ? linkSigner(deps.config.agencyLinks.secret) : undefined);
  const notConfigured = (c: Context) => c.html(refusalPage('Chưa sẵn sàng', 'Trang báo cáo của cơ quan chưa được cấu hình trên máy chủ này. Xin liên hệ Thư ký Tổ công tác Đề án 06.'), 503);

  a.get(`${AGENCY_BASE}/static/:file`, (c) => {
    const f = ({ 'agency.css': [AGENCY_CSS, 'text/css; charset=utf-8'], 'agency.js': [AGENCY_JS, 'text/javascript; charset=utf-8'] } as Record<string, [string, string]>)[c.req.param('file')];
    if (!f) return c.text('Không có tệp này', 404);
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('Content-Type', f[1]);
    return c.body(f[0]);
  });

  // the link from the mail: checked, kept in the cookie, dropped from the address bar
  a.get(`${AGENCY_BASE}/mo`, async (c) => {
    if (!signer()) return notConfigured(c);
    const q = TokenQuery.safeParse(c.req.query());
    if (!q.success) return refuse(c, 'tampered');
    const res = await openLink(linkDeps, q.data.t);
    if (!res.ok) return refuse(c, res.why);
    // a session cookie: the browser forgets it when closed; the expiry is the server's check on every request
    setCookie(c, AGENCY_COOKIE, q.data.t, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: AGENCY_BASE });
    return c.redirect(AGENCY_BASE, 303);
  });

  // an upload over the ingest's limit is refused before its body is read (the CSRF check below parses forms)
  a.use(`${AGENCY_BASE}/tai-len`, bodyLimit({
    maxSize: maxBytes + 64 * 1024,
    onError: (c) => c.html(refusalPage('Tệp quá lớn', `Mỗi tệp tối đa ${Math.round(maxBytes / 1024 / 1024)} MB. Tệp lớn hơn xin gửi qua thư điện tử hoặc chia nhỏ.`), 413),
  }));

  // every other agency route: the link again, then same origin + CSRF on state changes
  a.use(`${AGENCY_BASE}`, guard);
  a.use(`${AGENCY_BASE}/*`, guard);
  async function guard(c: Context<AgencyEnv>, next: () => Promise<void>) {
    if (c.req.path.startsWith(`${AGENCY_BASE}/static/`) || c.req.path === `${AGENCY_BASE}/mo`) return next();
    const s = signer();
    if (!s) return notConfigured(c);
    const token = getCookie(c, AGENCY_COOKIE);
    if (!token) return c.html(refusalPage('Cần mở đường dẫn', 'Hãy mở trang này bằng đường dẫn trong thư của Thư ký Tổ công tác Đề án 06 gửi Quý cơ quan.'), 401);
    const res = await openLink(linkDeps, token);
    if (!res.ok) return refuse(c, res.why);
    c.set('opened', res.opened);
    c.set('agencyCsrf', csrfToken(s.csrfKey, res.opened.tokenId));
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (!sameOrigin(c)) return c.html(refusalPage('Yêu cầu bị từ chối', 'Yêu cầu không đến từ trang báo cáo (kiểm tra nguồn gốc không đạt).'), 403);
      let sent = c.req.header('x-csrf-token');
      if (!sent && /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(c.req.header('content-type') ?? '')) {
        // (a multipart body is bounded by the upload route's limit before this reads it)
        const body = await c.req.parseBody();
        sent = typeof body._csrf === 'string' ? body._csrf : undefined;
      }
      if (!sent || !sameSecret(sent, c.get('agencyCsrf'))) {
        return c.html(refusalPage('Yêu cầu bị từ chối', 'Mã chống giả mạo (CSRF) thiếu hoặc không đúng. Hãy tải lại trang rồi thử lại.'), 403);
      }
    }
    return next();
  }

  /**
   * With upload links (AWS): a presigned POST for this page, its key pinned to a fresh uploadKey folder of this
   * agency's web channel (uploads/<agency>/web/<day>/<id>/), the size to the ingest's limit, S3 sending the browser
   * back to /tep (it appends ?bucket=&key=&etag=, and /tep polls the result by key); the page's CSP then allows
   * that form to post to the bucket's origin, and nowhere else.
   */
  async function directUpload(c: Context<AgencyEnv>, o: OpenedLink) {
    if (!deps.uploadLinks) return undefined;
    const folder = uploadKey({ fileName: 'x', agencyId: o.agencyId, channel: 'web', at: deps.now() }).replace(/[^/]+$/, '');
    const link = await deps.uploadLinks.create({
      agencyId: o.agencyId, keyPrefix: folder, maxBytes, expiresSeconds: 2 * 3600,
      redirectUrl: `${new URL(c.req.url).origin}${AGENCY_BASE}/tep`,
    }, deps.now());
    c.header('Content-Security-Policy', consoleCsp(link.url));
    return link;
  }

  const view = (o: OpenedLink) => roundView(deps.store, { agencyId: o.agencyId, round: o.round, now: deps.now() });

  async function uploadsOf(o: OpenedLink, only?: string) {
    const prefix = `uploads/${o.agencyId}/web/`;
    const reports = (await deps.store.listReports({ agencyId: o.agencyId, since: o.link.issuedAt.slice(0, 10) }))
      .filter((r) => r.key.startsWith(prefix) && (!only || r.key === only))
      .sort((x, y) => y.receivedAt.localeCompare(x.receivedAt)).slice(0, 10);
    const out = [];
    for (const r of reports) out.push(uploadResult(r.key, r.fileName, r, r.state === 'received' || r.state === 'ocr_pending' ? undefined : await composeReceipt(deps.store, r)));
    return out;
  }

  a.get(AGENCY_BASE, async (c) => {
    const o = c.get('opened');
    const v = await view(o);
    const notice = c.req.query('da') === 'gui' ? 'Đã gửi báo cáo. Thư ký Tổ công tác đã nhận các tình trạng Quý cơ quan cập nhật.'
      : c.req.query('da') === 'nhap' ? 'Đã lưu nháp.' : undefined;
    return c.html(roundPage(v, c.get('agencyCsrf'), { answers: v.prefill, by: v.draft?.by, errors: [], ...(notice ? { notice } : {}) }, await uploadsOf(o), await directUpload(c, o)));
  });

  a.post(AGENCY_BASE, rateLimit({ limit: opts.submitLimit ?? 20, windowMs, counter, key: byLink }), async (c) => {
    const o = c.get('opened');
    const v = await view(o);
    const form = parseRoundForm(await c.req.parseBody(), v.tasks.map((t) => t.task.id));
    const allowed = new Set(v.tasks.map((t) => t.task.id));
    const again = async (errors: FieldError[]) => c.html(roundPage(v, c.get('agencyCsrf'), { answers: new Map(form.answers.map((x) => [x.taskId, x])), by: form.by, errors }, await uploadsOf(o), await directUpload(c, o)), 400);
    if (form.errors.length) return again(form.errors);
    try {
      if (form.action === 'draft') {
        await saveDraft({ store: deps.store, now: deps.now }, { agencyId: o.agencyId, round: o.round, allowed, answers: form.answers, by: form.by });
        return c.redirect(`${AGENCY_BASE}?da=nhap`, 303);
      }
      const content = new Map(v.tasks.map((t) => [t.task.id, t.task.content]));
      await submitAnswers({ store: deps.store, config: deps.config, now: deps.now }, { agencyId: o.agencyId, round: o.round, allowed, answers: form.answers, by: form.by, contentOf: (id) => content.get(id) });
      return c.redirect(`${AGENCY_BASE}?da=gui`, 303);
    } catch (err) {
      if (err instanceof RoundSubmitError) return again([{ field: err.code === 'nothing' ? fieldId(0, 'status') : 'f-by', message: err.messageVi }]);
      throw err;
    }
  });

  a.post(`${AGENCY_BASE}/tai-len`,
    rateLimit({ limit: opts.uploadLimit ?? 10, windowMs, counter, key: byLink }),
    async (c) => {
      const o = c.get('opened');
      const body = await c.req.parseBody();
      const file = body.file;
      if (!(file instanceof File) || file.size === 0) {
        const v = await view(o);
        return c.html(roundPage(v, c.get('agencyCsrf'), { answers: v.prefill, by: v.draft?.by, errors: [{ field: 'f-file', message: 'Tệp: hãy chọn một tệp có nội dung' }] }, await uploadsOf(o)), 400);
      }
      if (file.size > maxBytes) return c.html(refusalPage('Tệp quá lớn', `Mỗi tệp tối đa ${Math.round(maxBytes / 1024 / 1024)} MB.`), 413);
      const name = file.name.normalize('NFC');
      const key = uploadKey({ fileName: name, agencyId: o.agencyId, channel: 'web', at: deps.now() });
      await deps.blobs.put(key, new Uint8Array(await file.arrayBuffer()), {
        contentType: 'application/octet-stream',
        metadata: { agency: o.agencyId },
      });
      return c.redirect(`${AGENCY_BASE}/tep?key=${encodeURIComponent(key)}`, 303);
    });

  // one upload's result (htmx polls the fragment; without scripts the full page)
  a.get(`${AGENCY_BASE}/tep`, async (c) => {
    const o = c.get('opened');
    const q = KeyQuery.safeParse(c.req.query());
    if (!q.success || !q.data.key.startsWith(`uploads/${o.agencyId}/web/`)) return c.html(refusalPage('Không tìm thấy', 'Không có tệp này trong các tệp Quý cơ quan đã tải lên.'), 404);
    const [frag] = await uploadsOf(o, q.data.key);
    const fileName = q.data.key.split('/').pop() ?? '';
    const fragment = frag ?? uploadResult(q.data.key, fileName, undefined, undefined);
    if (c.req.header('hx-request')) return c.html(fragment);
    const v = await view(o);
    return c.html(roundPage(v, c.get('agencyCsrf'), { answers: v.prefill, by: v.draft?.by, errors: [], notice: 'Đã nhận tệp. Kết quả đọc hiện ở phần tải tệp bên dưới.' }, fragment, await directUpload(c, o)));
  });
}
