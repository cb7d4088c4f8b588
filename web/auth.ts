/**
 * Who is asking, and what they may do. Two ways in, one shape out (a Session with the user's groups):
 *  - local (`intake serve`, `npm start`): a random access token printed in the console; the URL carries it once
 *    (GET /dang-nhap?token=…), then an HttpOnly SameSite=Strict session cookie. A token is single-use: opened a
 *    second time (a copied URL, the browser's history, another user of the machine) it is refused with a page
 *    saying to use the browser already signed in or to restart. The server listens on 127.0.0.1 only.
 *  - AWS: Cognito (web/cognito.ts) — the managed login, authorization-code flow with PKCE, groups from the ID token.
 * Groups: `secretariat` may do everything, `viewer` reads only. Every route checks on the server.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { z } from 'zod';
import { bare } from './bare';

export const GROUPS = ['secretariat', 'viewer'] as const;
export type Group = (typeof GROUPS)[number];

export interface User {
  /** what is recorded as "who" on a decision. */
  name: string;
  groups: Group[];
}

export interface Session {
  id: string;
  user: User;
}

export interface Authenticator {
  /** the request's session, or undefined when there is none (or it is no longer valid). */
  session(c: Context): Promise<Session | undefined>;
  /** mounts the login routes (reachable without a session). */
  mount(app: Hono<AppEnv>): void;
  /** ends the session (POST /dang-xuat, behind the CSRF check); may return where to go next. */
  logout(c: Context): Promise<string | undefined>;
  /** where an unauthenticated GET goes; undefined → a 401 page saying how to get in. */
  loginUrl?: string;
  /** the secret that keys CSRF tokens (stable across instances in AWS). */
  csrfKey: Buffer;
}

export type AppEnv = { Variables: { session: Session; csrf: string; nonce: string } };

export const SESSION_COOKIE = 'intake_session';

export function canDecide(user: User): boolean {
  return user.groups.includes('secretariat');
}

/** The CSRF token of a session: HMAC(key, session id) — nothing to store, checked on every state-changing request. */
export function csrfToken(key: Buffer, sessionId: string): string {
  return createHmac('sha256', key).update(`csrf:${sessionId}`).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface LocalAuthOptions {
  /** token → who it lets in (default: one fresh token for the secretariat). */
  tokens?: Record<string, User>;
  /** cookies with Secure (behind https); default false on 127.0.0.1. */
  secure?: boolean;
}

const LoginQuery = z.object({ token: z.string().min(16).max(200).regex(/^[A-Za-z0-9_-]+$/) });

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface LocalAuth extends Authenticator {
  /** the secretariat's token (the first one). */
  token: string;
  /** a fresh single-use token for `user` (tests, the screenshot script). */
  issue(user: User): string;
}

const USED_TOKEN = 'Liên kết đăng nhập này đã được dùng một lần nên không mở lại được. Trình duyệt đã mở nó vẫn đăng nhập (bằng cookie phiên): hãy dùng trình duyệt đó, mở địa chỉ không kèm mã. Cần đăng nhập ở trình duyệt khác: dừng lệnh (Ctrl-C) rồi chạy lại `intake serve` hoặc `npm start` để có liên kết mới.';

/** The local way in: tokens printed at start, sessions kept in this process. */
export function localAuth(opts: LocalAuthOptions = {}): LocalAuth {
  const tokens = new Map<string, User>(Object.entries(opts.tokens ?? { [newToken()]: { name: 'Thư ký (máy này)', groups: ['secretariat'] } }));
  /** tokens already exchanged for a session: refused from then on. */
  const used = new Set<string>();
  const sessions = new Map<string, Session>();
  const csrfKey = randomBytes(32);
  return {
    token: [...tokens.keys()][0]!,
    csrfKey,
    issue(user) {
      const t = newToken();
      tokens.set(t, user);
      return t;
    },
    async session(c) {
      const id = getCookie(c, SESSION_COOKIE);
      return id ? sessions.get(id) : undefined;
    },
    mount(app) {
      app.get('/dang-nhap', (c) => {
        const q = LoginQuery.safeParse(c.req.query());
        const hit = q.success ? [...tokens].find(([t]) => sameSecret(t, q.data.token)) : undefined;
        if (!hit) return c.html(bare('Liên kết đăng nhập không đúng', 'Hãy mở đúng địa chỉ in ra trong cửa sổ lệnh `intake serve` (hoặc `npm start`).'), 401);
        const [token, user] = hit;
        if (used.has(token)) {
          // the browser that used it is still signed in: the cookie takes it on
          const current = getCookie(c, SESSION_COOKIE);
          if (current && sessions.has(current)) return c.redirect('/', 303);
          return c.html(bare('Liên kết đã được dùng', USED_TOKEN), 403);
        }
        used.add(token);
        const id = randomBytes(32).toString('base64url');
        sessions.set(id, { id, user });
        setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Strict', secure: opts.secure ?? false, path: '/' });
        // the token leaves the address bar at once
        return c.redirect('/', 303);
      });
    },
    async logout(c) {
      const id = getCookie(c, SESSION_COOKIE);
      if (id) sessions.delete(id);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return undefined;
    },
  };
}

/** True when a state-changing request comes from our own pages. */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') {
    const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  // no Origin header (old browsers, some same-origin requests): Fetch Metadata decides
  return c.req.header('sec-fetch-site') === 'same-origin';
}

/** The request reached us over https (directly or behind API Gateway / a proxy): cookies get Secure. */
export const isHttps = (c: Context): boolean => c.req.header('x-forwarded-proto') === 'https' || new URL(c.req.url).protocol === 'https:';
