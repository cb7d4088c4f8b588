/** The mail-events use case: parsed SES events → each recipient's mail health (one call per recipient). */
import type { SesOutcome } from './ses-events';
import { noteMailEvent, type HealthDeps, type Noted } from './health';

export async function recordSesEvents(outcomes: SesOutcome[], deps: HealthDeps): Promise<Noted[]> {
  const noted: Noted[] = [];
  for (const o of outcomes) for (const e of o.events) noted.push(await noteMailEvent(e, deps));
  return noted;
}
