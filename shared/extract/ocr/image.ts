/**
 * Page images as 8-bit grey pixels (0 = black, 255 = white) and the pixel work OCR needs before reading: the
 * threshold (Otsu), ink masks, skew estimation and rotation. Plain JS, no canvas.
 */

export interface Gray { width: number; height: number; data: Uint8Array }

export const blank = (width: number, height: number): Gray => ({ width, height, data: new Uint8Array(width * height).fill(255) });

/** RGB/RGBA/grey bytes (PDF.js image kinds and decoded PNGs) → grey. */
export function toGray(width: number, height: number, data: Uint8Array | Uint8ClampedArray, channels: number): Gray {
  if (channels === 1) return { width, height, data: Uint8Array.from(data.subarray(0, width * height)) };
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += channels) {
    // a transparent pixel is white paper
    if (channels === 4 && data[j + 3] < 128) { out[i] = 255; continue; }
    out[i] = (data[j] * 299 + data[j + 1] * 587 + data[j + 2] * 114) / 1000;
  }
  return { width, height, data: out };
}

/** PDF.js 1-bit packed rows (1 = white, as PDF.js hands GRAYSCALE_1BPP images) → grey. */
export function fromPacked1bpp(width: number, height: number, data: Uint8Array | Uint8ClampedArray): Gray {
  const out = new Uint8Array(width * height);
  const stride = (width + 7) >> 3;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    out[y * width + x] = data[y * stride + (x >> 3)] & (0x80 >> (x & 7)) ? 255 : 0;
  }
  return { width, height, data: out };
}

/** Otsu's threshold over the grey histogram: pixels ≤ it are ink. */
export function otsu(g: Gray): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < g.data.length; i++) hist[g.data[i]]++;
  const total = g.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i];
  let sumB = 0, wB = 0, best = 0, t = 127;
  for (let i = 0; i < 256; i++) {
    wB += hist[i];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += i * hist[i];
    const mB = sumB / wB, mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) { best = between; t = i; }
  }
  // no grey between ink and paper (a 1-bit scan): three quarters of the way to paper, so that a one-pixel rule
  // resampled by the deskew (spread over two pixels, each a quarter to half black) stays unbroken
  let next = t + 1;
  while (next < 256 && !hist[next]) next++;
  return next < 256 ? Math.floor(t + (next - t) * 0.75) : t;
}

/** 1 where the pixel is ink. */
export function inkMask(g: Gray, threshold = otsu(g)): Uint8Array {
  const m = new Uint8Array(g.data.length);
  for (let i = 0; i < m.length; i++) m[i] = g.data[i] <= threshold ? 1 : 0;
  return m;
}

/**
 * The page's skew in degrees (positive: content rotated clockwise on screen, y down), from the angle whose
 * projections of ink onto the two axes are sharpest (ruling lines and text baselines line up, whichever way up the
 * page is). Searches ±4°.
 */
export function estimateSkew(ink: Uint8Array, width: number, height: number): number {
  const step = Math.max(1, Math.round(Math.sqrt((width * height) / 1_500_000)));
  const xs: number[] = [], ys: number[] = [];
  for (let y = 0; y < height; y += step) for (let x = 0; x < width; x += step) if (ink[y * width + x]) { xs.push(x); ys.push(y); }
  if (xs.length < 50) return 0;
  const bins = new Float64Array(height + width);
  // both projections: onto the vertical axis (horizontal rules, text lines of an upright page) and onto the
  // horizontal one (vertical rules, text lines of a page turned sideways)
  const sharpness = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    let s = 0;
    for (const across of [false, true]) {
      bins.fill(0);
      if (across) for (let i = 0; i < xs.length; i++) bins[Math.round(xs[i] + ys[i] * t) + height]++;
      else for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i] - xs[i] * t) + width]++;
      for (let i = 0; i < bins.length; i++) s += bins[i] * bins[i];
    }
    return s;
  };
  let best = 0, bestS = -1;
  // a fine first pass: the peak is narrow (a line drifts a pixel per ~0.03° over a page), and at exactly 0° the
  // pixel grid itself makes a false peak that a coarse pass would settle on
  for (let d = -4; d <= 4.0001; d += 0.1) { const s = sharpness(d); if (s > bestS) { bestS = s; best = d; } }
  const coarse = best;
  for (let d = coarse - 0.1; d <= coarse + 0.1001; d += 0.02) { const s = sharpness(d); if (s > bestS) { bestS = s; best = d; } }
  return Math.round(best * 100) / 100;
}

/** Rotates by `deg` (same sense as estimateSkew reports, so rotate(g, -skew) straightens) about the centre; white fill. */
export function rotate(g: Gray, deg: number): Gray {
  if (Math.abs(deg) < 0.02) return g;
  const a = (deg * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  const { width: w, height: h } = g;
  const out = new Uint8Array(w * h);
  const cx = w / 2, cy = h / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      // inverse map: source = R(-a) · dest
      const sx = c * dx + s * dy + cx, sy = -s * dx + c * dy + cy;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) { out[y * w + x] = 255; continue; }
      const fx = sx - x0, fy = sy - y0, i = y0 * w + x0, d = g.data;
      out[y * w + x] = (d[i] * (1 - fx) + d[i + 1] * fx) * (1 - fy) + (d[i + w] * (1 - fx) + d[i + w + 1] * fx) * fy;
    }
  }
  return { width: w, height: h, data: out };
}

/** Quarter turns clockwise (1 = 90°, 2 = 180°, 3 = 270°). */
export function quarterTurn(g: Gray, turns: number): Gray {
  const t = ((turns % 4) + 4) % 4;
  if (t === 0) return g;
  const { width: w, height: h, data } = g;
  const W = t === 2 ? w : h, H = t === 2 ? h : w;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const v = data[y * w + x];
    if (t === 1) out[x * W + (h - 1 - y)] = v;
    else if (t === 2) out[(h - 1 - y) * W + (w - 1 - x)] = v;
    else out[(w - 1 - x) * W + y] = v;
  }
  return { width: W, height: H, data: out };
}

/** A rectangle of the image (clipped), as a new image. */
export function crop(g: Gray, x0: number, y0: number, x1: number, y1: number): Gray {
  const X0 = Math.max(0, Math.floor(x0)), Y0 = Math.max(0, Math.floor(y0));
  const X1 = Math.min(g.width, Math.ceil(x1)), Y1 = Math.min(g.height, Math.ceil(y1));
  const w = Math.max(0, X1 - X0), h = Math.max(0, Y1 - Y0);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) out.set(g.data.subarray((Y0 + y) * g.width + X0, (Y0 + y) * g.width + X0 + w), y * w);
  return { width: w, height: h, data: out };
}

/**
 * The span of ink from per-row and per-column ink counts: the first and last row, first and last column holding at
 * least 2 ink pixels (a lone stray pixel does not count), as [top, bottom, left, right] inclusive; undefined if none.
 */
export function inkSpan(rows: Uint32Array, cols: Uint32Array): [number, number, number, number] | undefined {
  const h = rows.length, w = cols.length;
  let a = 0, b = h - 1, c = 0, d = w - 1;
  while (a < h && rows[a]! < 2) a++;
  while (b >= a && rows[b]! < 2) b--;
  while (c < w && cols[c]! < 2) c++;
  while (d >= c && cols[d]! < 2) d--;
  return a > b || c > d ? undefined : [a, b, c, d];
}
