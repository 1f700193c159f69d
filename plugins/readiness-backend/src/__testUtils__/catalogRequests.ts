/**
 * Whether a full run's `getEntitiesByRefs` request reads refs only to look
 * them up (users and the like, with a few fields), not the bodies of the
 * entities it scores (read whole, or with their annotations).
 */
export function isLookup(request: { fields?: string[] }): boolean {
  return !!request.fields && !request.fields.includes('metadata.annotations');
}
