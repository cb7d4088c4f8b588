/**
 * Ruling lines of a page, read from its PDF.js operator list.
 *
 * Two ways producers draw table borders:
 * - stroked paths: moveTo/lineTo segments or rectangles painted with a stroke op (LibreOffice, most tools);
 * - thin filled rectangles painted with a fill op (MS Word's PDF export draws every cell edge this way).
 * The current transformation matrix (save/restore/transform, form XObjects) is tracked and applied, and the
 * result is mapped into viewport space (top-left origin), the same space as the text items.
 */
import { apply, multiply, type Matrix, type Pdfjs } from './items';

export interface Rule {
  /** 'h': horizontal (pos = y, from/to = x); 'v': vertical (pos = x, from/to = y) */
  dir: 'h' | 'v';
  pos: number;
  from: number;
  to: number;
  kind: 'stroked' | 'filled';
}

/** A filled rectangle thinner than this (points) is a rule; thicker ones are shading. */
const MAX_FILLED_THICKNESS = 2.5;
/** Segments shorter than this are ignored (tick marks, glyph-like strokes). */
const MIN_RULE_LENGTH = 3;
/** How far from axis-aligned a segment may be (points over its length). */
const AXIS_TOLERANCE = 0.8;

interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

type Point = [number, number];

/** Path-construction codes inside PDF.js 5's constructPath buffer (DrawOPS). */
const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

/** Splits a PDF.js path into sub-paths of points (curves contribute their end point only and mark the sub-path curved). */
function subPaths(buffer: ArrayLike<number>): Array<{ pts: Point[]; closed: boolean; curved: boolean }> {
  const out: Array<{ pts: Point[]; closed: boolean; curved: boolean }> = [];
  let cur: { pts: Point[]; closed: boolean; curved: boolean } | undefined;
  for (let i = 0; i < buffer.length; ) {
    const op = buffer[i++];
    if (op === DRAW.moveTo) {
      cur = { pts: [[buffer[i], buffer[i + 1]]], closed: false, curved: false };
      out.push(cur);
      i += 2;
    } else if (op === DRAW.lineTo) {
      if (!cur) { cur = { pts: [], closed: false, curved: false }; out.push(cur); }
      cur.pts.push([buffer[i], buffer[i + 1]]);
      i += 2;
    } else if (op === DRAW.curveTo) {
      if (cur) { cur.pts.push([buffer[i + 4], buffer[i + 5]]); cur.curved = true; }
      i += 6;
    } else if (op === DRAW.quadraticCurveTo) {
      if (cur) { cur.pts.push([buffer[i + 2], buffer[i + 3]]); cur.curved = true; }
      i += 4;
    } else if (op === DRAW.closePath) {
      if (cur) {
        cur.closed = true;
        // a following lineTo without moveTo starts again from the closed sub-path's first point
        const start = cur.pts[0];
        cur = start ? { pts: [start], closed: false, curved: false } : undefined;
        if (cur) out.push(cur);
      }
    } else {
      break; // unknown code: stop reading this path rather than misread coordinates
    }
  }
  return out.filter((s) => s.pts.length > 1 || s.closed);
}

function segmentRule(a: Point, b: Point, kind: Rule['kind']): Rule | undefined {
  const dx = Math.abs(a[0] - b[0]);
  const dy = Math.abs(a[1] - b[1]);
  if (dy <= AXIS_TOLERANCE && dx >= MIN_RULE_LENGTH) {
    return { dir: 'h', pos: (a[1] + b[1]) / 2, from: Math.min(a[0], b[0]), to: Math.max(a[0], b[0]), kind };
  }
  if (dx <= AXIS_TOLERANCE && dy >= MIN_RULE_LENGTH) {
    return { dir: 'v', pos: (a[0] + b[0]) / 2, from: Math.min(a[1], b[1]), to: Math.max(a[1], b[1]), kind };
  }
  return undefined;
}

/** A closed 4-corner axis-aligned sub-path as a box, else undefined. */
function asBox(pts: Point[]): { x0: number; y0: number; x1: number; y1: number } | undefined {
  const p = pts.length === 5 && Math.abs(pts[4][0] - pts[0][0]) < 0.01 && Math.abs(pts[4][1] - pts[0][1]) < 0.01 ? pts.slice(0, 4) : pts;
  if (p.length !== 4) return undefined;
  for (let i = 0; i < 4; i++) {
    const a = p[i];
    const b = p[(i + 1) % 4];
    if (Math.abs(a[0] - b[0]) > AXIS_TOLERANCE && Math.abs(a[1] - b[1]) > AXIS_TOLERANCE) return undefined;
  }
  const xs = p.map((q) => q[0]);
  const ys = p.map((q) => q[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

function filledRule(box: { x0: number; y0: number; x1: number; y1: number }): Rule | undefined {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  if (h <= MAX_FILLED_THICKNESS && w >= MIN_RULE_LENGTH && w > h) return { dir: 'h', pos: (box.y0 + box.y1) / 2, from: box.x0, to: box.x1, kind: 'filled' };
  if (w <= MAX_FILLED_THICKNESS && h >= MIN_RULE_LENGTH && h > w) return { dir: 'v', pos: (box.x0 + box.x1) / 2, from: box.y0, to: box.y1, kind: 'filled' };
  return undefined;
}

/**
 * All ruling lines of a page. `viewport` maps PDF user space to viewport space (see items.pageViewport).
 * Handles PDF.js 5's `constructPath(paintOp, [buffer], minMax)` and a separate paint op after a path.
 */
export function readRules(opList: OperatorList, OPS: Pdfjs['OPS'], viewport: Matrix): Rule[] {
  const rules: Rule[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const STROKE = new Set<number>([OPS.stroke, OPS.closeStroke]);
  const FILL = new Set<number>([OPS.fill, OPS.eoFill]);
  const BOTH = new Set<number>([OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  let pending: ArrayLike<number> | undefined;

  const paint = (buffer: ArrayLike<number>, op: number): void => {
    const stroke = STROKE.has(op) || BOTH.has(op);
    const fill = FILL.has(op) || BOTH.has(op);
    if (!stroke && !fill) return;
    const m = multiply(viewport, ctm);
    for (const sp of subPaths(buffer)) {
      const pts = sp.pts.map(([x, y]) => apply(m, x, y));
      if (stroke && !sp.curved) {
        const closed = sp.closed || op === OPS.closeStroke || op === OPS.closeFillStroke || op === OPS.closeEOFillStroke;
        for (let i = 0; i + 1 < pts.length; i++) {
          const r = segmentRule(pts[i], pts[i + 1], 'stroked');
          if (r) rules.push(r);
        }
        if (closed && pts.length > 2) {
          const r = segmentRule(pts[pts.length - 1], pts[0], 'stroked');
          if (r) rules.push(r);
        }
      }
      if (fill && !sp.curved) {
        const box = asBox(pts);
        const r = box && filledRule(box);
        if (r) rules.push(r);
      }
    }
  };

  const { fnArray, argsArray } = opList;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    switch (fn) {
      case OPS.save:
        stack.push(ctm);
        break;
      case OPS.restore:
        ctm = stack.pop() ?? ctm;
        break;
      case OPS.transform:
        if (args && args.length === 6) ctm = multiply(ctm, args as Matrix);
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push(ctm);
        const matrix = args?.[0] as number[] | null | undefined;
        if (matrix && matrix.length === 6) ctm = multiply(ctm, Array.from(matrix) as Matrix);
        break;
      }
      case OPS.paintFormXObjectEnd:
        ctm = stack.pop() ?? ctm;
        break;
      case OPS.constructPath: {
        if (!args) break;
        const op = args[0];
        const data = args[1];
        if (typeof op === 'number' && Array.isArray(data)) {
          const buffer = data[0] as ArrayLike<number> | null | undefined;
          if (!buffer) break;
          if (STROKE.has(op) || FILL.has(op) || BOTH.has(op)) paint(buffer, op);
          else pending = buffer; // painted by a later op, or an endPath/clip
        }
        break;
      }
      default:
        if (pending && (STROKE.has(fn) || FILL.has(fn) || BOTH.has(fn))) {
          paint(pending, fn);
          pending = undefined;
        } else if (fn === OPS.endPath) {
          pending = undefined;
        }
    }
  }
  return rules;
}

/**
 * Joins collinear pieces (Word draws each cell edge separately; LibreOffice too, per cell) and drops duplicates:
 * rules on the same line (within `tol`) whose extents touch or overlap become one.
 */
export function mergeRules(rules: Rule[], tol = 1.5, gap = 2.5): Rule[] {
  const out: Rule[] = [];
  for (const dir of ['h', 'v'] as const) {
    const list = rules.filter((r) => r.dir === dir).sort((a, b) => a.pos - b.pos || a.from - b.from);
    // bucket by position
    const lines: Rule[][] = [];
    for (const r of list) {
      const last = lines[lines.length - 1];
      if (last && Math.abs(r.pos - last[0].pos) <= tol) last.push(r);
      else lines.push([r]);
    }
    for (const line of lines) {
      line.sort((a, b) => a.from - b.from);
      let cur: Rule | undefined;
      let sumPos = 0;
      let n = 0;
      for (const r of line) {
        if (cur && r.from <= cur.to + gap) {
          cur.to = Math.max(cur.to, r.to);
          sumPos += r.pos;
          n++;
          if (r.kind === 'stroked') cur.kind = 'stroked';
        } else {
          if (cur) { cur.pos = sumPos / n; out.push(cur); }
          cur = { ...r };
          sumPos = r.pos;
          n = 1;
        }
      }
      if (cur) { cur.pos = sumPos / n; out.push(cur); }
    }
  }
  return out;
}
