/**
 * How every function is bundled (esbuild, locally, no Docker) and started — one place, used by IntakeFunction and
 * by `npm run bench:cold`, so the bench measures the bundles that are deployed.
 *
 * Cold start: the readers (mammoth, exceljs, PDF.js, mailparser, tesseract.js) are imported only when a file needs
 * them (dynamic `import()`; esbuild keeps such a module's initialisation lazy), and source maps stay out of the hot
 * path: they are written beside the bundle for debugging, without sources, and Node does not load them at start
 * (no --enable-source-maps).
 */

/** the AWS SDK v3 comes with the Lambda runtime (NODEJS_22_X): not bundled. */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

export const BUNDLE = {
  format: 'esm' as const,
  target: 'node22',
  platform: 'node' as const,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);",
};

/** a larger young generation: mammoth/exceljs allocate many short-lived objects (DOCX CPU ~120 → ~75 ms per 100-row table, measured). */
export const NODE_OPTIONS = '--max-semi-space-size=32';

/** the functions, by construct id: their entry under functions/. */
export const FUNCTION_ENTRIES = { Ingest: 'ingest.ts', Inbound: 'inbound-email.ts', Digest: 'digest.ts' } as const;
