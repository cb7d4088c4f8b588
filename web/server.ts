/**
 * The console on this machine (`intake serve`): @hono/node-server on 127.0.0.1 only, a random access token printed
 * once at start (the login URL carries it once — it is single-use — then a session cookie), so another user of the
 * machine cannot open it.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { localAuth, type LocalAuthOptions, type User } from './auth';
import { createConsole } from './app';
import type { ConsoleDeps } from './deps';

export interface RunningConsole {
  /** http://127.0.0.1:PORT */
  url: string;
  /** the URL to open once: it logs in and drops the token from the address bar. */
  loginUrl: string;
  /** another single-use login URL, for `user` (tests, the screenshot script). */
  newLoginUrl(user: User): string;
  close(): Promise<void>;
}

export async function startConsole(deps: Omit<ConsoleDeps, 'auth'>, opts: { port?: number; auth?: LocalAuthOptions } = {}): Promise<RunningConsole> {
  const auth = localAuth(opts.auth);
  const app = createConsole({ ...deps, auth });
  const server = await new Promise<ReturnType<typeof serve>>((ok, fail) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: opts.port ?? 0 }, () => ok(s));
    s.once('error', fail);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    loginUrl: `${url}/dang-nhap?token=${auth.token}`,
    newLoginUrl: (user) => `${url}/dang-nhap?token=${auth.issue(user)}`,
    close: () => new Promise<void>((ok) => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}
