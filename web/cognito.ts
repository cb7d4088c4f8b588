/**
 * The AWS way in: Cognito's managed login with the authorization-code flow and PKCE (a public app client, no
 * secret in the browser or the function). The ID token, verified on every request (aws-jwt-verify: signature
 * against the pool's JWKS, issuer, audience, expiry, token use), is the session: an HttpOnly, Secure, SameSite=Lax
 * cookie (Lax: the managed login redirects back cross-site). Groups come from `cognito:groups`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { z } from 'zod';
import { GROUPS, SESSION_COOKIE, type Authenticator, type Group, type Session } from './auth';

export const CognitoEnv = z.object({
  COGNITO_USER_POOL_ID: z.string().min(1),
  COGNITO_CLIENT_ID: z.string().min(1),
  /** the managed login's domain, https://<prefix>.auth.<region>.amazoncognito.com */
  COGNITO_DOMAIN: z.url(),
  /** the console's public address (API Gateway), without a trailing slash. */
  CONSOLE_URL: z.url(),
  /** keys the CSRF tokens; the same in every instance. */
  CONSOLE_SECRET: z.string().min(32),
});

const PKCE_COOKIE = 'intake_pkce';
const Callback = z.object({ code: z.string().min(1).max(2048), state: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
const TokenResponse = z.object({ id_token: z.string(), expires_in: z.number().int().positive() });

const b64url = (b: Buffer) => b.toString('base64url');

export interface CognitoOptions {
  /** the token endpoint's client (tests give a fake one). */
  fetch?: typeof fetch;
  /** the pool's signing keys, preloaded (tests; in AWS they are fetched from the pool's JWKS URL and cached). */
  jwks?: { keys: Array<Record<string, unknown>> };
}

export function cognitoAuth(env: Record<string, string | undefined>, opts: CognitoOptions = {}): Authenticator {
  const fetchImpl = opts.fetch ?? fetch;
  const e = CognitoEnv.parse(env);
  const base = e.CONSOLE_URL.replace(/\/+$/, '');
  const domain = e.COGNITO_DOMAIN.replace(/\/+$/, '');
  const redirectUri = `${base}/auth/callback`;
  const verifier = CognitoJwtVerifier.create({ userPoolId: e.COGNITO_USER_POOL_ID, tokenUse: 'id', clientId: e.COGNITO_CLIENT_ID });
  if (opts.jwks) verifier.cacheJwks(opts.jwks as unknown as Parameters<typeof verifier.cacheJwks>[0]);
  const cookie = { httpOnly: true, secure: true, sameSite: 'Lax' as const, path: '/' };

  return {
    csrfKey: Buffer.from(e.CONSOLE_SECRET),
    loginUrl: '/dang-nhap',
    async session(c: Context): Promise<Session | undefined> {
      const token = getCookie(c, SESSION_COOKIE);
      if (!token) return undefined;
      try {
        const p = await verifier.verify(token);
        const groups = ((p['cognito:groups'] as string[] | undefined) ?? []).filter((g): g is Group => (GROUPS as readonly string[]).includes(g));
        const name = typeof p.email === 'string' ? p.email : String(p['cognito:username'] ?? p.sub);
        // the CSRF token is bound to this sign-in (a new login, a new token)
        return { id: `${p.sub}#${p.auth_time ?? p.iat}`, user: { name, groups } };
      } catch {
        return undefined; // expired or forged: sign in again
      }
    },
    mount(app) {
      app.get('/dang-nhap', (c) => {
        const state = b64url(randomBytes(24));
        const codeVerifier = b64url(randomBytes(48));
        const challenge = b64url(createHash('sha256').update(codeVerifier).digest());
        setCookie(c, PKCE_COOKIE, `${state}.${codeVerifier}`, { ...cookie, path: '/auth', maxAge: 600 });
        const q = new URLSearchParams({
          response_type: 'code', client_id: e.COGNITO_CLIENT_ID, redirect_uri: redirectUri, scope: 'openid email',
          state, code_challenge: challenge, code_challenge_method: 'S256',
        });
        return c.redirect(`${domain}/oauth2/authorize?${q.toString()}`, 302);
      });
      app.get('/auth/callback', async (c) => {
        const q = Callback.safeParse(c.req.query());
        const [state, codeVerifier] = (getCookie(c, PKCE_COOKIE) ?? '').split('.');
        deleteCookie(c, PKCE_COOKIE, { path: '/auth' });
        if (!q.success || !state || !codeVerifier || q.data.state !== state) {
          return c.text('Phiên đăng nhập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại.', 400);
        }
        const res = await fetchImpl(`${domain}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', client_id: e.COGNITO_CLIENT_ID, code: q.data.code, redirect_uri: redirectUri, code_verifier: codeVerifier }).toString(),
        });
        const tokens = TokenResponse.safeParse(res.ok ? await res.json() : undefined);
        if (!tokens.success) return c.text('Không đăng nhập được; hãy thử lại.', 401);
        await verifier.verify(tokens.data.id_token); // never trust a token unverified, even from the token endpoint
        setCookie(c, SESSION_COOKIE, tokens.data.id_token, { ...cookie, maxAge: tokens.data.expires_in });
        return c.redirect('/', 303);
      });
    },
    async logout(c) {
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
      return `${domain}/logout?${new URLSearchParams({ client_id: e.COGNITO_CLIENT_ID, logout_uri: `${base}/` }).toString()}`;
    },
  };
}
