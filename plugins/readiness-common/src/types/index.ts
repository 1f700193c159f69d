/*
 * The isomorphic data model of the readiness plugin family: the checklist
 * (categories, checks, levels, roles), answers and role assignments as they
 * come from annotations and the portal, and the scorecards and rollups the
 * engine computes from them. Everything here is plain JSON so the backend can
 * store it and the frontend can render it.
 */

export * from './checklist';
export * from './answers';
export * from './scorecard';
export * from './rollups';
