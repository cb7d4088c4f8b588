/** The pages' word diff: words compared without diacritics or case, the rest kept as written, every piece escaped. */
import { describe, expect, it } from 'vitest';
import { changeMarks, diffWords, markOwn } from '#web/diff';

const str = async (h: unknown) => String(await h);

describe('word diff', () => {
  it('marks only the words one side has alone; tone marks and case do not count as a difference', async () => {
    expect(await str(markOwn('Kết nối dữ liệu hộ tịch điện tử', 'ket noi du lieu HO TICH'))).toBe('Kết nối dữ liệu hộ tịch <mark>điện </mark><mark>tử</mark>');
    expect(await str(markOwn('hoà giải', 'hòa giải'))).toBe('hoà giải');
  });

  it('keeps the order of a change: removed then added', async () => {
    expect(await str(changeMarks('Tháng 3/2023', 'Tháng 4/2023'))).toBe('Tháng <del>3/</del><ins>4/</ins>2023');
    const ops = diffWords('a b c', 'a x c');
    expect(ops.map((o) => o.op)).toEqual(['same', 'a', 'b', 'same']);
  });

  it('escapes what it is given', async () => {
    const out = await str(markOwn('<script>alert(1)</script> mới', 'cũ'));
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;');
  });
});
