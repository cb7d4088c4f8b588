/** Days and moments as people type them (CLI flags, API fields), and zod schemas that read them with Vietnamese errors. */
import { z } from 'zod';
import type { Deadline } from '#shared/domain/task';
import { parseDeadline } from './parse';
import { vnInstant } from '#shared/domain/dates';

/** A single day written as "2025-03-01", "1/3/2025" or "ngày 01 tháng 3 năm 2025" → ISO date; undefined otherwise. */
export function isoDateOf(text: string): string | undefined {
  const d = parseDeadline(text);
  return d.kind === 'date' ? d.due : undefined;
}

/** zod schema for a date argument (CLI flags, API fields) accepting the forms of `isoDateOf`. */
export const DayArg = z.string().transform((s, ctx) => {
  const d = isoDateOf(s);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: `không phải một ngày (YYYY-MM-DD hoặc dd/mm/yyyy): "${s}"` });
    return z.NEVER;
  }
  return d;
});

/**
 * A moment written as people write it, in Việt Nam time unless it says otherwise: "17/06/2024 07:00",
 * "2024-06-17 07:00", a day alone ("17/6/2024" = its 00:00), or ISO 8601 with an offset ("2024-06-17T07:00:00+07:00").
 * → the instant as an ISO timestamp (UTC); undefined when it is none of these.
 */
export function momentOf(text: string): string | undefined {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  const m = /^(.+?)(?:[ T]+|\s*lúc\s*)(\d{1,2})[:h](\d{2})(?::\d{2})?$/iu.exec(s);
  const day = isoDateOf(m ? m[1]! : s);
  if (!day) return undefined;
  if (!m) return vnInstant(day);
  const h = Number(m[2]), min = Number(m[3]);
  if (h > 23 || min > 59) return undefined;
  return vnInstant(day, `${h}:${min}`);
}

/** zod schema for a moment argument (`digest run --now`) accepting the forms of `momentOf`. */
export const MomentArg = z.string().transform((s, ctx) => {
  const t = momentOf(s);
  if (!t) {
    ctx.addIssue({ code: 'custom', message: `không phải một thời điểm (ví dụ "17/06/2024 07:00", "2024-06-17 07:00" hoặc "2024-06-17T07:00:00+07:00"): "${s}"` });
    return z.NEVER;
  }
  return t;
});

/** Parse CLI arguments with zod; on failure throw an error whose Vietnamese message names the bad argument. */
export function parseArgs<T extends z.ZodType>(schema: T, value: unknown, positional: string[] = ['text']): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  // options are named as typed (--as-of); positional arguments as in the usage line (<text>)
  const flag = (i: z.core.$ZodIssue) => {
    if (!i.path.length) return '';
    const key = String(i.path[0]);
    return positional.includes(key) ? `<${key}>` : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  };
  const what = r.error.issues.map((i) => `${flag(i) ? `${flag(i)}: ` : ''}${i.message}`).join('; ');
  // the English half names the options only (the Vietnamese half already carries the reasons)
  const flags = [...new Set(r.error.issues.map(flag).filter(Boolean))].join(', ');
  throw Object.assign(new Error(`invalid arguments${flags ? `: ${flags}` : ''}`), { code: 'invalid_arguments', messageVi: `Tham số không hợp lệ — ${what}` });
}
