/**
 * The registry of assigned tasks: directives' appendices imported into the store.
 *
 * - `seedRegistry()`: the reviewed registry of the seed directives (seeds/registry/*.json, built by build-seeds.ts).
 * - `loadSeedRegistry(store)`: upserts it into the store (npm start); idempotent.
 * - importing a directive's appendix, in named phases that `intake registry import` and the console's Danh mục page
 *   both call: `readAppendix` (the ingest's limits, then the document → tasks; nothing stored), `planImport` (the diff
 *   against the store: added / changed / removed; nothing written), `applyImport` (writes the diff, with history).
 *   `importRegistry(store, file, opts)` runs the three (or the first two with dryRun).
 */
export { readRegistry, RegistryWarning, type ReadOptions, type ReadResult, type RegistrySource } from './read';
export { importTasks, diffTasks, diffSummary, diffFingerprint, changesBetween, COMPARED_FIELDS, type RegistryDiff, type ImportOptions } from './import';
export { readDirectiveHeader, readDirectiveReference, directiveOf, DirectiveNumber, kindOf } from './directive';
export { directiveSlug, correctionsFor, Corrections } from './corrections';
export { SeedRegistryFile, seedRegistryFiles, seedRegistry, loadSeedRegistry } from './seed-registry';
export { readAppendix, planImport, applyImport, importRegistry } from './phases';
