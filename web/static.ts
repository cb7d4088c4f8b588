/**
 * /static: htmx (its dist file from node_modules — no build step; in Lambda the bundle carries a copy next to the
 * handler), the console's stylesheet and its small script (web/assets.ts). Public: they hold no data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { lambdaTaskRoot } from '#shared/config';
import type { AppEnv } from './auth';
import { CONSOLE_CSS, CONSOLE_JS } from './assets';

const JS = 'text/javascript; charset=utf-8';

function htmxSource(): string {
  const root = lambdaTaskRoot();
  const bundled = root ? join(root, 'htmx.min.js') : undefined;
  if (bundled && existsSync(bundled)) return readFileSync(bundled, 'utf8');
  return readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');
}

let files: Record<string, { body: string; type: string }> | undefined;
function load() {
  files ??= {
    'htmx.min.js': { body: htmxSource(), type: JS },
    'console.js': { body: CONSOLE_JS, type: JS },
    'console.css': { body: CONSOLE_CSS, type: 'text/css; charset=utf-8' },
  };
  return files;
}

export function staticRoutes(app: Hono<AppEnv>): void {
  app.get('/static/:file', (c) => {
    const f = load()[c.req.param('file')];
    if (!f) return c.text('Không có tệp này', 404);
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('Content-Type', f.type);
    return c.body(f.body);
  });
}
