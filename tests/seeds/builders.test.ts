/**
 * The committed seed data is exactly what its builders make from the sources (scripts/): nobody edits the JSON by
 * hand, and a change to a reader that would change the seeds shows here, in npm test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedPath } from '#shared/domain/seeds';
import { agencyDataJson } from '../../scripts/build-agency-seeds';
import { registrySeedFiles } from '../../scripts/build-registry-seeds';

describe('seeds/ = what scripts/ build', () => {
  it('seeds/agencies/agencies.json', () => {
    expect(readFileSync(seedPath('agencies', 'agencies.json'), 'utf8')).toBe(agencyDataJson());
  });

  it('seeds/registry/*.json, byte for byte', async () => {
    const files = await registrySeedFiles();
    expect(files.map((f) => f.path).sort()).toEqual(['registry/04-CT-TTg.json', 'registry/05-CT-TTg.json', 'registry/142-QD-VPCP.json', 'registry/175-NQ-CP.json']);
    for (const f of files) expect(readFileSync(seedPath(f.path), 'utf8'), f.path).toBe(f.json);
  });
});
