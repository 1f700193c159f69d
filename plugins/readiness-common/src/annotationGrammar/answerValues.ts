/** Limits shared by the annotation parser and the backend's request validation. @public */
export const ANSWER_LIMITS = {
  noteLength: 2000,
  notApplicableTextLength: 2000,
  evidenceUrlLength: 2048,
  holders: 50,
} as const;

// NUL and other control characters: PostgreSQL refuses NUL in text, and none
// of them belongs in a note or a URL. Line breaks and tabs are fine in text.
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ANYWHERE = /[\u0000-\u001F\u007F]/;

/**
 * Whether `value` holds a control character: in free `text` (a note) any but
 * line breaks and tabs, `anywhere` else (a URL) any at all. The rule of the
 * API's bodies and of annotations alike.
 * @public
 */
export function hasControlCharacter(
  value: string,
  where: 'text' | 'anywhere',
): boolean {
  return (where === 'text' ? CONTROL_IN_TEXT : CONTROL_ANYWHERE).test(value);
}

/**
 * A common form of http(s) URL that the WHATWG URL parser always accepts:
 * letters-digits-hyphens host labels whose last label starts with a letter
 * (so never an IPv4 address), an optional short port, then any printable
 * ASCII. Anything else goes to the parser itself.
 */
const SIMPLE_HTTP_URL =
  /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?::[0-9]{1,4})?(?:[/?#][\x21-\x7e]*)?$/i;

/**
 * Whether a value starts with `http:` or `https:` the way the URL parser
 * reads it: after leading C0 controls and spaces, ignoring tabs and newlines
 * anywhere, in any case. When false, the value is surely not an http(s) URL.
 */
function hasHttpScheme(value: string): boolean {
  let i = 0;
  while (i < value.length && value.charCodeAt(i) <= 0x20) i++;
  const next = () => {
    let c = value.charCodeAt(i++);
    while (c === 0x09 || c === 0x0a || c === 0x0d) c = value.charCodeAt(i++);
    return c;
  };
  if ((next() | 0x20) !== 0x68 /* h */) return false;
  if ((next() | 0x20) !== 0x74 /* t */) return false;
  if ((next() | 0x20) !== 0x74 /* t */) return false;
  if ((next() | 0x20) !== 0x70 /* p */) return false;
  let c = next();
  if ((c | 0x20) === 0x73 /* s */) c = next();
  return c === 0x3a; /* : */
}

/** True for an absolute http or https URL. @public */
export function isHttpUrl(value: string): boolean {
  if (value.length > ANSWER_LIMITS.evidenceUrlLength) {
    return false;
  }
  // Punycode labels (`xn--`) must be valid punycode: leave them to the parser.
  if (SIMPLE_HTTP_URL.test(value) && !/xn--/i.test(value)) {
    return true;
  }
  // Values that cannot have an http(s) scheme are rejected without the cost
  // of a thrown TypeError.
  if (!hasHttpScheme(value)) {
    return false;
  }
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** True for a real calendar date written `YYYY-MM-DD`. @public */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value[4] !== '-' || value[7] !== '-') {
    return false;
  }
  let year = 0;
  let month = 0;
  let day = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      return false;
    }
    if (i < 4) year = year * 10 + digit;
    else if (i < 7) month = month * 10 + digit;
    else day = day * 10 + digit;
  }
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  let days = 31;
  if (month === 2) days = leap ? 29 : 28;
  else if (month === 4 || month === 6 || month === 9 || month === 11) days = 30;
  return day <= days;
}

/**
 * True for evidence the API would store as it is: an absolute http or https
 * URL of at most 2,048 characters, without surrounding spaces or control
 * characters (which the URL parser would drop or encode).
 * @public
 */
export function isEvidenceUrl(value: string): boolean {
  return (
    value.trim() === value &&
    !hasControlCharacter(value, 'anywhere') &&
    isHttpUrl(value)
  );
}
