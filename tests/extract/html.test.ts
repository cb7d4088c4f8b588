import { describe, expect, it } from 'vitest';
import { expandSpans, parseHtmlTables, readHtmlTables } from '#shared/extract/html';
import { extract } from '#shared/extract';

const texts = (html: string) => readHtmlTables(html).map((t) => t.grid.map((r) => r.map((c) => c.text)));

describe('HTML tables', () => {
  it('expands colspan and rowspan; covered cells repeat the master and say which way the merge runs', () => {
    const grid = expandSpans([
      [{ lines: ['A'], colspan: 2, rowspan: 2 }, { lines: ['B'], colspan: 1, rowspan: 1 }],
      [{ lines: ['C'], colspan: 1, rowspan: 1 }],
      [{ lines: ['D'], colspan: 1, rowspan: 1 }, { lines: ['E'], colspan: 1, rowspan: 1 }, { lines: ['F'], colspan: 1, rowspan: 1 }],
    ]);
    expect(grid.map((r) => r.map((c) => c.text))).toEqual([['A', 'A', 'B'], ['A', 'A', 'C'], ['D', 'E', 'F']]);
    expect(grid[0]![1]).toMatchObject({ covered: true, span: 'col' });
    expect(grid[1]![0]).toMatchObject({ covered: true, span: 'row' });
    expect(grid[1]![1]).toMatchObject({ covered: true, span: 'both' });
    expect(grid[0]![0]!.covered).toBeUndefined();
  });

  it('keeps a data table holding a nested table (its text joins the cell) but reads through layout tables', () => {
    const nested = '<table><tr><td>STT</td><td>Nội dung</td></tr><tr><td>1</td><td>Việc A<table><tr><td>a</td><td>b</td></tr></table></td></tr></table>';
    expect(texts(nested)).toEqual([[['STT', 'Nội dung'], ['1', 'Việc A a | b']]]);
    const layout = '<table><tr><td><p>Kính gửi</p><table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table></td></tr></table>';
    expect(texts(layout)).toEqual([[['1', '2'], ['3', '4']]]);
    expect(readHtmlTables(layout)[0]!.title).toBe('Kính gửi');
  });

  it('cell lines: raw keeps them, text joins them; entities are decoded; scripts and styles are ignored', () => {
    const [t] = readHtmlTables('<style>td{}</style><table><tr><td>Bộ Tư&nbsp;pháp<br>&amp; Bộ Y tế</td><td><script>x()</script>ok</td></tr></table>');
    expect(t!.grid[0]![0]).toMatchObject({ text: 'Bộ Tư pháp & Bộ Y tế', raw: 'Bộ Tư pháp\n& Bộ Y tế' });
    expect(t!.grid[0]![1]!.text).toBe('ok');
  });

  it('an HTML body without a table but with a tab-separated table in its text is read by the text reader', async () => {
    const html = '<html><body><p>Kính gửi Tổ công tác,</p><div>STT\tNội dung nhiệm vụ\tThời hạn</div><div>1\tRà soát thủ tục\tNăm 2024</div><div>2\tKết nối dữ liệu\tQuý II/2024</div></body></html>';
    expect(parseHtmlTables(html).tables).toEqual([]);
    const result = await extract({ bytes: new TextEncoder().encode(html), name: 'body.html' });
    const rows = result.tables.flatMap((t) => (t.kind === 'tasks' ? t.rows : []));
    expect(rows.map((r) => r.content)).toEqual(['Rà soát thủ tục', 'Kết nối dữ liệu']);
  });
});
