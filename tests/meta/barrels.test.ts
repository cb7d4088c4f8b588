/**
 * Index files are barrels only (#11): an index.ts re-exports what its folder's named modules define, so a reader
 * finds the code by the module's name. Comments and `export … from` statements only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '#testkit/cli';

const indexFiles = ['shared', 'cli', 'web', 'local', 'testkit', 'functions'].flatMap((dir) =>
  readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name === 'index.ts')
    .map((e) => relative(ROOT, join(e.parentPath, e.name))));

/** What is left of a file once comments and re-exports are taken out. */
function nonBarrel(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/export\s+(type\s+)?(\*(\s+as\s+\w+)?|\{[^}]*\})\s+from\s+'[^']+';/g, '')
    .trim();
}

describe('index.ts files are barrels', () => {
  it.each(indexFiles)('%s re-exports only', (file) => {
    expect(nonBarrel(readFileSync(join(ROOT, file), 'utf8'))).toBe('');
  });
  it('the check sees code where there is some', () => {
    expect(nonBarrel("/** doc */\nexport { a } from './a';\nexport type { B } from './b';\n")).toBe('');
    expect(nonBarrel("export { a } from './a';\nimport { b } from './b';\nexport const c = b;\n")).not.toBe('');
  });
  it('finds the index files', () => {
    expect(indexFiles).toEqual(expect.arrayContaining(['shared/extract/index.ts', 'shared/extract/pdf/index.ts', 'shared/digest/index.ts']));
  });
});
