/**
 * What a stored row holds besides the summary's member and statuses, and
 * what scoring makes of the same inputs: a new version (a new column derived
 * from the inputs, such as the next expiry; a fix of the engine, such as the
 * role markers no longer reported as unknown annotations, 3; no holder
 * problems of a role the entity does not need, a System's cost table no
 * longer handed down over its malformed annotation, `requiredWhen` read in
 * scoring order, and a detector's evidence URL with control characters
 * left out, 4; the findings of a detector that gives one it may not left
 * out, 5; a malformed cost annotation leaving the cost checks unknown
 * rather than taking the System's table, and a detector's N/A deciding a
 * role's `requiredWhen` before the System's answer, 6) makes every
 * row's input fingerprint differ, so the next full run writes every row
 * again. A kept detail's key holds the format that built it, and only one
 * of this format is served: one an older release kept beside a newer row
 * is not.
 */
export const ROW_FORMAT = 6;
