/**
 * Agency contacts: the seed placeholders, names on the command line, and set/list through the real store
 * (dynalite, in memory) and the real CLI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyDirectory } from '#shared/agencies';
import { agencyIdOf, Domain, Email, loadSeedContacts, parseList, seedContacts, setAgencyContact, UnknownAgencyError } from '#shared/agencies/contacts';
import { startTestStack, type TestStack } from '#testkit/local-stack';
import { intake as runIntake } from '#testkit/cli';


describe('seed contacts and agency names', () => {
  it('the placeholder addresses are clearly fake and name known agencies', () => {
    const contacts = seedContacts();
    expect(contacts.length).toBeGreaterThan(20);
    for (const c of contacts) {
      expect(agencyDirectory().get(c.agencyId), c.agencyId).toBeDefined();
      for (const e of c.emails) expect(e).toMatch(/@[a-z0-9-]+\.example\.gov\.vn$/);
    }
  });

  it('an agency is named by id, name, abbreviation or spelling', () => {
    expect(agencyIdOf('bo-tu-phap')).toBe('bo-tu-phap');
    expect(agencyIdOf('BTP')).toBe('bo-tu-phap');
    expect(agencyIdOf('Bộ Tư pháp')).toBe('bo-tu-phap');
    expect(agencyIdOf('bo tu phap')).toBe('bo-tu-phap');
    expect(agencyIdOf('UBND tỉnh Thừa Thiên Huế')).toBe('tinh-thua-thien-hue');
    expect(agencyIdOf('C06')).toBe('bo-cong-an');
    expect(() => agencyIdOf('Bộ Không Có')).toThrow(UnknownAgencyError);
    expect(() => agencyIdOf('Bộ Công an, Bộ Tư pháp')).toThrow(UnknownAgencyError); // two agencies: not one id
  });

  it('address lists are validated and normalised', () => {
    expect(parseList(['A@MOJ.gov.vn, b@moj.gov.vn', 'a@moj.gov.vn'], Email)).toEqual(['a@moj.gov.vn', 'b@moj.gov.vn']);
    expect(parseList('@moj.gov.vn', Domain)).toEqual(['moj.gov.vn']);
    expect(() => parseList('not-an-address', Email)).toThrow(/không hợp lệ|invalid/);
    expect(() => parseList('moj', Domain)).toThrow();
  });
});

describe('contacts in the store', () => {
  let t: TestStack;
  beforeAll(async () => { t = await startTestStack(); }, 60_000);
  afterAll(async () => { await t?.stop(); });

  it('set replaces, --add merges, seeds keep what the secretariat set', async () => {
    await setAgencyContact(t.store, { agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn'], domains: ['moj.gov.vn'] });
    await setAgencyContact(t.store, { agencyId: 'bo-tu-phap', emails: ['baocao@moj.gov.vn'], add: true });
    let c = (await t.store.listContacts()).find((x) => x.agencyId === 'bo-tu-phap')!;
    expect(c.emails.sort()).toEqual(['baocao@moj.gov.vn', 'vanphong@moj.gov.vn']);
    expect(c.domains).toEqual(['moj.gov.vn']);

    const r = await loadSeedContacts(t.store);
    expect(r.kept).toBe(1);
    expect(r.loaded).toBe(seedContacts().length - 1);
    c = (await t.store.listContacts()).find((x) => x.agencyId === 'bo-tu-phap')!;
    expect(c.emails).toContain('vanphong@moj.gov.vn');

    await setAgencyContact(t.store, { agencyId: 'bo-tu-phap', emails: ['moi@moj.gov.vn'] });
    c = (await t.store.listContacts()).find((x) => x.agencyId === 'bo-tu-phap')!;
    expect(c.emails).toEqual(['moi@moj.gov.vn']);
  });
});

describe('the CLI', () => {
  const intake = (...args: string[]) => { const r = runIntake(args); return { status: r.code, stdout: r.stdout, stderr: r.stderr }; };

  it('intake deadline --json', () => {
    const r = intake('deadline', 'Quý II/2024.', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'quarter', due: '2024-06-30', raw: 'Quý II/2024.' });
  });

  it('intake agency resolve --as-of --json', () => {
    const r = intake('agency', 'resolve', 'Bộ TTTT chủ trì, phối hợp BCA', '--as-of', '2026-01-01', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ids: ['bo-thong-tin-va-truyen-thong'], partners: ['bo-cong-an'], successors: ['bo-khoa-hoc-va-cong-nghe'] });
  });

  it('agency resolve exits non-zero when it recognises nothing, and says so', () => {
    const none = intake('agency', 'resolve', 'Ban chỉ đạo không có thật');
    expect(none.status).toBe(1);
    expect(none.stdout).toContain('KHÔNG NHẬN RA');
    expect(none.stderr).toContain('không nhận ra cơ quan nào');
    const json = intake('agency', 'resolve', 'Ban chỉ đạo không có thật', '--json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).ids).toEqual([]);
    expect(intake('agency', 'resolve', 'BTP').status).toBe(0);
  });

  it('rejects a bad date and says why; takes dd/mm/yyyy', () => {
    const bad = intake('agency', 'resolve', 'BCA', '--as-of', '31/2/2025');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--as-of/);
    const ok = intake('agency', 'resolve', 'Bộ GTVT', '--as-of', '1/3/2025', '--json');
    expect(JSON.parse(ok.stdout).successors).toEqual(['bo-xay-dung']);
  });

  it('set-contact by abbreviation, then list shows it (embedded local stack on a data dir)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'intake-agency-'));
    try {
      const set = intake('--data-dir', dataDir, 'agency', 'set-contact', 'BTP', '--email', 'VanPhong@moj.gov.vn,baocao@moj.gov.vn', '--domain', 'moj.gov.vn', '--json');
      expect(set.status, set.stderr).toBe(0);
      expect(JSON.parse(set.stdout)).toMatchObject({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn', 'baocao@moj.gov.vn'], domains: ['moj.gov.vn'] });
      const list = intake('--data-dir', dataDir, 'agency', 'list', '--type', 'ministry', '--json');
      expect(list.status, list.stderr).toBe(0);
      const rows = JSON.parse(list.stdout) as Array<{ id: string; emails?: string[] }>;
      expect(rows.find((r) => r.id === 'bo-tu-phap')?.emails).toEqual(['vanphong@moj.gov.vn', 'baocao@moj.gov.vn']);
      expect(rows.some((r) => r.id === 'bo-thong-tin-va-truyen-thong')).toBe(false); // merged before today
      const unknown = intake('--data-dir', dataDir, 'agency', 'set-contact', 'Bộ Không Có', '--email', 'a@b.vn');
      expect(unknown.status).not.toBe(0);
      expect(unknown.stderr).toMatch(/Không nhận ra cơ quan/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
