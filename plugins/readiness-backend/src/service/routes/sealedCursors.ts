import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';
import { ReadinessStore } from '../../database/ReadinessStore';

/** Where the key is kept: one for every backend instance. */
const KEY_STATE = 'sealed-cursor-key';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** What marks a sealed cursor among the values a cursor parameter takes. */
export const SEALED = '~';

/**
 * Seals a position the caller may not see (the ref of a row it was not
 * shown) into an opaque cursor, and opens it again: AES-256-GCM, with a key
 * made once and kept in the database, so a cursor one instance gave opens
 * on any other.
 */
export class SealedCursors {
  private key?: Promise<Buffer>;

  constructor(private readonly store: ReadinessStore) {}

  async seal(position: string): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.keyOf(), iv);
    const sealed = Buffer.concat([
      cipher.update(position, 'utf8'),
      cipher.final(),
    ]);
    return `${SEALED}${Buffer.concat([
      iv,
      cipher.getAuthTag(),
      sealed,
    ]).toString('base64url')}`;
  }

  /** The position a cursor of {@link seal} holds; undefined for any other text. */
  async open(cursor: string): Promise<string | undefined> {
    if (!cursor.startsWith(SEALED)) return undefined;
    const bytes = Buffer.from(cursor.slice(SEALED.length), 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
    // A database that cannot give the key is its own error, not a bad cursor.
    const key = await this.keyOf();
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        key,
        bytes.subarray(0, IV_BYTES),
      );
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  private keyOf(): Promise<Buffer> {
    this.key ??= (async () => {
      // The first instance to ask makes it; the others read that one.
      await this.store.updateState<string>(
        KEY_STATE,
        old => old ?? randomBytes(32).toString('base64'),
      );
      const key = await this.store.getState<string>(KEY_STATE);
      return Buffer.from(key!, 'base64');
    })();
    // A database outage is not remembered: the next cursor asks again.
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }
}
