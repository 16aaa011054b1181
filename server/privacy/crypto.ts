import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

// Keys derived from DATA_KEY, one per purpose, so the HMAC that links repeat callers can never
// be used to decrypt notes (and vice versa).

const derive = (dataKey: Buffer, info: string): Buffer => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));

interface SealingKey { id: string; key: Buffer }

function sealingKey(dataKey: Buffer): SealingKey {
  if (dataKey.length !== 32) throw new Error('DATA_KEY must be 32 bytes');
  const key = derive(dataKey, 'approdo notes v1');
  // Names the key inside a ciphertext without revealing it: a MAC under the key, cut short.
  const id = createHmac('sha256', key).update('approdo key id').digest('hex').slice(0, 8);
  return { id, key };
}

function open(k: Buffer, iv: string, tag: string, body: string, aad?: string): string {
  const decipher = createDecipheriv('aes-256-gcm', k, Buffer.from(iv, 'base64'));
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

/**
 * Encrypts free text and call-back numbers under the current DATA_KEY, reads what older keys
 * (DATA_KEY_PREVIOUS) wrote, and keys the caller HMAC. Ciphertexts are
 * `v2.<keyId>.<iv>.<tag>.<body>`; `v1.` ones (before key rotation existed) carry no key id and are
 * tried with the current key, then each previous one.
 */
export class DataProtection {
  private readonly current: SealingKey;
  private readonly previous: readonly SealingKey[];
  private readonly macKey: Buffer;
  private readonly previousMacKeys: readonly Buffer[];

  constructor(dataKey: Buffer, previousKeys: readonly Buffer[] = []) {
    this.current = sealingKey(dataKey);
    this.previous = previousKeys.map(sealingKey);
    this.macKey = derive(dataKey, 'approdo caller-hmac v1');
    this.previousMacKeys = previousKeys.map((k) => derive(k, 'approdo caller-hmac v1'));
  }

  /** The current key's id, as written in every new ciphertext. */
  get keyId(): string { return this.current.id; }

  /** AES-256-GCM under the current key; the header (version and key id) is authenticated too. */
  encrypt(plain: string): string {
    const header = `v2.${this.current.id}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(header));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [header, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  decrypt(sealed: string): string {
    const parts = sealed.split('.');
    if (parts[0] === 'v2' && parts.length === 5) {
      const [, id, iv, tag, body] = parts as [string, string, string, string, string];
      const keys = [this.current, ...this.previous].filter((k) => k.id === id);
      if (!keys.length) throw new Error(`ciphertext under key ${id}, which is neither DATA_KEY nor in DATA_KEY_PREVIOUS`);
      return this.firstThatOpens(keys, (k) => open(k.key, iv, tag, body, `v2.${id}`));
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      const [, iv, tag, body] = parts as [string, string, string, string];
      return this.firstThatOpens([this.current, ...this.previous], (k) => open(k.key, iv, tag, body));
    }
    throw new Error('unreadable ciphertext');
  }

  /** Whether a ciphertext is already under the current key (what the re-encryption job skips). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`v2.${this.current.id}.`);
  }

  /** Keyed HMAC of a caller's number, under the current key: links contacts without storing the number. */
  callerHash(number: string): string | null {
    const normalised = normalise(number);
    return normalised === null ? null : createHmac('sha256', this.macKey).update(normalised).digest('hex');
  }

  /**
   * The number's HMAC under the current key, then under each previous key: a block made before a
   * rotation still matches while its key is in DATA_KEY_PREVIOUS. Empty for a withheld number.
   */
  callerHashes(number: string): string[] {
    const normalised = normalise(number);
    if (normalised === null) return [];
    return [this.macKey, ...this.previousMacKeys].map((k) => createHmac('sha256', k).update(normalised).digest('hex'));
  }

  private firstThatOpens(keys: readonly SealingKey[], attempt: (k: SealingKey) => string): string {
    for (const k of keys) {
      try { return attempt(k); } catch { /* GCM refused it: not this key (or tampered) */ }
    }
    throw new Error('no configured key opens this ciphertext: tampered, or its key is missing from DATA_KEY_PREVIOUS');
  }
}

function normalise(number: string): string | null {
  const normalised = number.replace(/[^\d+]/g, '');
  // Withheld numbers ("anonymous", "unknown", empty) must not all link to one "caller".
  return /^\+?\d{5,}$/.test(normalised) ? normalised : null;
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
