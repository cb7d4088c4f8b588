/** One voice in the CLI (#13 item 9): Vietnamese help and errors, commander's own words included; --version. */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreText, translateError } from '#cli/voice';
import { intake, ROOT } from '#testkit/cli';

/** Every command of the program, as registered by main() (parsing skipped). */
async function allHelp(): Promise<Array<{ path: string; help: string; cmd: Command }>> {
  const { main } = await import('#cli/main');
  const orig = Command.prototype.parseAsync;
  let root: Command | undefined;
  Command.prototype.parseAsync = async function (this: Command) { root = this; return this; } as typeof orig;
  try {
    await main(['node', 'intake']);
  } finally {
    Command.prototype.parseAsync = orig;
  }
  const out: Array<{ path: string; help: string; cmd: Command }> = [];
  const walk = (c: Command, path: string): void => {
    out.push({ path, help: c.helpInformation(), cmd: c });
    for (const s of c.commands) walk(s, `${path} ${s.name()}`);
  };
  walk(root!, 'intake');
  return out;
}

describe('intake --help, every command', () => {
  it('has no English of the CLI library and a Vietnamese description for every option and argument', async () => {
    const all = await allHelp();
    expect(all.length).toBeGreaterThan(30);
    for (const { path, help, cmd } of all) {
      expect(help, path).toMatch(/^Cách dùng: /);
      expect(help, path).not.toMatch(/\b(Usage|Options|Commands|Arguments):|\(default: |display help|\[options\]|\[command\]/);
      const texts = [cmd.description(), ...cmd.options.map((o) => o.description), ...cmd.registeredArguments.map((a) => a.description)];
      for (const t of texts) expect(t, `${path}: "${t}"`).toMatch(/[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i);
    }
  });

  it('names an agency option --agency everywhere, one reminder option, one date syntax in the help', async () => {
    const all = await allHelp();
    const flags = all.flatMap(({ cmd }) => cmd.options.map((o) => o.long ?? ''));
    expect(flags.filter((f) => /agency/.test(f) && f !== '--agency')).toEqual([]);
    expect(flags).not.toContain('--days');
    for (const { path, cmd } of all) {
      for (const o of cmd.options.filter((x) => /<date>/.test(x.flags))) expect(o.description, `${path} ${o.long}`).toContain('dd/mm/yyyy hoặc YYYY-MM-DD');
    }
  });
});

describe('commander errors in Vietnamese', () => {
  it('translates each message it can give, keeping the English after a dash', () => {
    expect(translateError("error: required option '--period <text>' not specified")).toBe("lỗi: thiếu tùy chọn bắt buộc --period <text> — required option '--period <text>' not specified\n");
    expect(translateError("error: unknown option '--bogus'")).toMatch(/^lỗi: không có tùy chọn --bogus — /);
    expect(translateError("error: unknown command 'lis'\n(Did you mean list?)")).toMatch(/^lỗi: không có lệnh "lis" \(có phải: list\?\)/);
    expect(translateError("error: missing required argument 'text'")).toMatch(/^lỗi: thiếu tham số bắt buộc <text>/);
    expect(translateError("error: option '--deadline <date>' argument missing")).toMatch(/^lỗi: tùy chọn --deadline <date> cần một giá trị/);
    expect(translateError("error: too many arguments for 'show'. Expected 1 argument but got 2.")).toMatch(/^lỗi: thừa tham số: cần 1, nhận 2/);
  });

  it('a missing required option is told in Vietnamese, exit code 1, then the Vietnamese help', () => {
    const r = intake(['templates', 'remind']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lỗi: thiếu tùy chọn bắt buộc --period <text>/);
    expect(r.stderr).toContain('Tùy chọn:');
    expect(r.stderr).toContain('(mặc định: "3")');
  });

  it('--version prints the package version', () => {
    const r = intake(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});

describe('scores as the README explains them (0–1)', () => {
  it('never shows more than 1.00 nor less than 0.00', () => {
    expect(scoreText(1.11)).toBe('1.00');
    expect(scoreText(0.834)).toBe('0.83');
    expect(scoreText(-0.05)).toBe('0.00');
  });
});
