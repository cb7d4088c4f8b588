import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeError } from '#cli/main';

describe('errors at the terminal', () => {
  it('a bad option reads as one Vietnamese line naming it, not a zod dump', () => {
    const r = z.object({ dueBefore: z.iso.date() }).safeParse({ dueBefore: '2024-99-01' });
    const line = describeError(r.error);
    expect(line).toMatch(/^Tham số không hợp lệ — dueBefore: /);
    expect(line).not.toContain('"code"');
  });
  it('a missing file names the path in Vietnamese', () => {
    const err = Object.assign(new Error("ENOENT: no such file or directory, open '/x.docx'"), { code: 'ENOENT', path: '/x.docx' });
    expect(describeError(err)).toBe('Không tìm thấy "/x.docx" — /x.docx: not found');
  });
  it('typed errors keep their Vietnamese and English messages', () => {
    const err = Object.assign(new Error('file is empty'), { messageVi: 'Tệp rỗng' });
    expect(describeError(err)).toBe('Tệp rỗng — file is empty');
  });
});
