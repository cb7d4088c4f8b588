/**
 * Table understanding, the same for every format: RawTables (grids from the readers) → ExtractedTables.
 * Finds the header and column roles, reads sections and rows, and tells task lists from other tables
 * (statistics, signatures, letterheads: kind "other", their rows kept apart under `extra`).
 * A table without a header right after a task table with the same columns (a table Word split in two) continues it.
 */
export { findHeader } from './header';
export { roleOfText, roleOfColumn, isMark } from './roles';
export { understandTables } from './tables';
