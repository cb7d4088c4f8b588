/**
 * Agencies: the directory (ministries, agencies, the 63 → 34 provinces, the 2025 restructuring) and the resolver
 * that turns an agency cell into ids.
 */
export { agencyDirectory, answersFor, makeDirectory, type AgencyDirectory } from './directory';
export { resolveAgencies, type AgencyResolution } from './resolve';
export { Agency, AgencyType, GROUPS, type GroupId } from './model';
