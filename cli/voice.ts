/**
 * One voice for the CLI: commander's own words (help titles, "default:", its error messages) in Vietnamese, like
 * every description and message of ours. Set on the program before the commands register, so every subcommand
 * inherits it.
 */
import type { Command, Help, Option, Argument } from 'commander';

const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tùy chọn:',
  'Global Options:': 'Tùy chọn chung:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Tham số:',
};

/** "(default: "3", choices: …)" → "(mặc định: "3", chọn một trong: …)" */
function extras(s: string): string {
  return s
    .replace(/\bdefault: /g, 'mặc định: ')
    .replace(/\bchoices: /g, 'chọn một trong: ')
    .replace(/\bpreset: /g, 'khi không ghi giá trị: ')
    .replace(/\benv: /g, 'biến môi trường: ');
}

const usageWords = (s: string) => s.replace(/\[options\]/g, '[tùy chọn]').replace(/\[command\]/g, '[lệnh]');

type Rule = [RegExp, (...m: string[]) => string];
/** commander's error messages (commander 14, lib/command.js) → Vietnamese; the English stays after a dash. */
const ERRORS: Rule[] = [
  [/^error: required option '(.+)' not specified$/, (f) => `thiếu tùy chọn bắt buộc ${f}`],
  [/^error: option '(.+)' argument missing$/, (f) => `tùy chọn ${f} cần một giá trị`],
  [/^error: missing required argument '(.+)'$/, (a) => `thiếu tham số bắt buộc <${a}>`],
  [/^error: unknown option '(.+?)'(?:\n\(Did you mean (?:one of )?(.+)\?\))?$/s, (f, s) => `không có tùy chọn ${f}${s ? ` (có phải: ${s}?)` : ''}`],
  [/^error: unknown command '(.+?)'(?:\n\(Did you mean (?:one of )?(.+)\?\))?$/s, (c, s) => `không có lệnh "${c}"${s ? ` (có phải: ${s}?)` : ''}`],
  [/^error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\.$/, (_c, e, g) => `thừa tham số: cần ${e}, nhận ${g}`],
  [/^error: (.+) cannot be used with (.+)$/, (a, b) => `${a} không dùng cùng được với ${b}`],
  [/^error: option '(.+)' argument '(.+)' is invalid\.(.*)$/s, (f, v, rest) => `giá trị "${v}" của ${f} không hợp lệ${rest.trim() ? ` (${rest.trim()})` : ''}`],
];

export function translateError(message: string): string {
  const text = message.replace(/\n+$/, '');
  for (const [re, vi] of ERRORS) {
    const m = re.exec(text);
    if (m) return `lỗi: ${vi(...m.slice(1))} — ${text.replace(/^error: /, '').replace(/\n/g, ' ')}\n`;
  }
  return `${text.replace(/^error: /, 'lỗi: ')}\n`;
}

export function vietnameseVoice(program: Command, version: string): Command {
  return program
    .version(version, '-V, --version', 'in số phiên bản')
    .configureHelp({
      styleTitle: (t: string) => TITLES[t] ?? t,
      optionDescription(this: Help, o: Option) {
        return extras(Object.getPrototypeOf(this).optionDescription.call(this, o));
      },
      argumentDescription(this: Help, a: Argument) {
        return extras(Object.getPrototypeOf(this).argumentDescription.call(this, a));
      },
      commandUsage(this: Help, c: Command) {
        return usageWords(Object.getPrototypeOf(this).commandUsage.call(this, c));
      },
      subcommandTerm(this: Help, c: Command) {
        return usageWords(Object.getPrototypeOf(this).subcommandTerm.call(this, c));
      },
    })
    .configureOutput({ outputError: (s, write) => write(translateError(s)) });
}

/**
 * A match score as the README explains it: text similarity plus evidence, on a 0–1 scale; strong evidence can push
 * the sum past 1, shown as 1.00 (the JSON output keeps the exact sum).
 */
export function scoreText(score: number): string {
  return Math.min(1, Math.max(0, score)).toFixed(2);
}

/** A cell of CLI output cut to `n` characters with "…" (and padded to `n` for a column when `pad`). */
export function cut(s: string | undefined, n: number, pad = false): string {
  const t = s ?? '';
  if (t.length > n) return `${t.slice(0, n - 1)}…`;
  return pad ? t.padEnd(n) : t;
}
