/**
 * Charts drawn on the server as inline SVG: no script, the strict CSP holds (colours are classes in console.css).
 * Accessible: the <svg> is role="img" with a <title> and a <desc> that say what it shows and its numbers; every bar
 * (or segment) is a link to the list behind it with its own label; a table with the same numbers and links follows
 * (in a <details>), for reading and for screen readers that skip images.
 */
import { html, raw, type Html } from './html';

export interface Segment {
  /** what this part counts ("Hoàn thành"). */
  label: string;
  value: number;
  /** the list behind it. */
  href: string;
  /** the colour class (chart-completed, …). */
  kind: string;
}

export interface Bar {
  label: string;
  segments: Segment[];
}

const W = 720;
const LABEL_W = 170;
const ROW_H = 26;
const BAR_H = 18;
const fmt = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

/** Horizontal (stacked) bars, one row per bar; values scaled to the largest bar's total. */
export function barChart(o: { id: string; title: string; desc: string; bars: Bar[]; unit: string }): Html {
  const id = o.id;
  const max = Math.max(1, ...o.bars.map((b) => b.segments.reduce((s, x) => s + x.value, 0)));
  const plot = W - LABEL_W - 60;
  const height = Math.max(1, o.bars.length) * ROW_H + 8;
  const numbers = o.bars.map((b) => `${b.label}: ${b.segments.map((s) => `${s.label} ${fmt(s.value)}`).join(', ')}`).join('; ');
  const kinds = [...new Map(o.bars.flatMap((b) => b.segments).map((s) => [s.kind, s.label])).entries()];
  return html`<figure class="chart">
<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${W} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-t">${o.title}</title><desc id="${id}-d">${o.desc} ${numbers}.</desc>
${o.bars.map((b, i) => {
    const y = i * ROW_H + 4;
    let x = LABEL_W;
    const total = b.segments.reduce((s, v) => s + v.value, 0);
    return html`<text x="${LABEL_W - 8}" y="${y + BAR_H - 4}" text-anchor="end" class="chart-label">${b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label}</text>
${b.segments.filter((s) => s.value > 0).map((s) => {
      const w = Math.max(2, (s.value / max) * plot);
      const part = html`<a href="${s.href}" aria-label="${b.label}, ${s.label}: ${fmt(s.value)} ${o.unit}"><rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" class="${s.kind}"><title>${b.label}, ${s.label}: ${fmt(s.value)} ${o.unit}</title></rect></a>`;
      x += w;
      return part;
    })}
<text x="${(x + 6).toFixed(1)}" y="${y + BAR_H - 4}" class="chart-value">${fmt(total)}</text>`;
  })}
</svg>
${kinds.length > 1 ? html`<figcaption><ul class="legend">${kinds.map(([k, l]) => html`<li><span class="swatch ${k}" aria-hidden="true"></span>${l}</li>`)}</ul></figcaption>` : ''}
<details><summary>Bảng số liệu: ${o.title}</summary>
<table><thead><tr><th scope="col">${raw('&nbsp;')}</th>${kinds.map(([, l]) => html`<th scope="col">${l}</th>`)}</tr></thead><tbody>
${o.bars.map((b) => html`<tr><th scope="row">${b.label}</th>${kinds.map(([k]) => {
    const s = b.segments.find((x) => x.kind === k);
    return html`<td>${s ? (s.value ? html`<a href="${s.href}">${fmt(s.value)}</a>` : '0') : '—'}</td>`;
  })}</tr>`)}
</tbody></table></details>
</figure>`;
}
