import * as crypto from 'crypto';

/**
 * The SHA-1 of a string's UTF-8 bytes, in hex. Node's one-shot `crypto.hash`
 * (from 20.12) takes about 1.4 µs for a fingerprint's few hundred
 * characters, a Hash object about 3.4 µs; a full run takes one for every
 * entity. Older Node 20 releases lack it and get the Hash object.
 */
export const sha1Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? text => crypto.hash('sha1', text, 'hex')
    : text => crypto.createHash('sha1').update(text).digest('hex');
