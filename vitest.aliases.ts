import { fileURLToPath } from 'node:url';

/** The `#shared/…`, `#testkit/…`, `#local/…`, `#cli/…`, `#web/…` import paths (tsconfig `paths`), for vitest's resolver. */
export const aliases = [{ find: /^#(shared|testkit|local|cli|web)\//, replacement: `${fileURLToPath(new URL('.', import.meta.url))}$1/` }];
