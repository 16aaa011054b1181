import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

// Two keys derived from DATA_KEY, one per purpose, so the HMAC that links repeat callers can never
// be used to decrypt notes (and vice versa).

const derive = (dataKey: Buffer, info: string): Buffer => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));

export class DataProtection {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(dataKey: Buffer) {
    if (dataKey.length !== 32) throw new Error('DATA_KEY must be 32 bytes');
    this.encKey = derive(dataKey, 'approdo notes v1');
    this.macKey = derive(dataKey, 'approdo caller-hmac v1');
  }

  /** AES-256-GCM; `v1.` prefix so a later key rotation can tell old ciphertexts apart. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unreadable ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Keyed HMAC of a caller's number: links contacts without storing the number. */
  callerHash(number: string): string | null {
    const normalised = number.replace(/[^\d+]/g, '');
    // Withheld numbers ("anonymous", "unknown", empty) must not all link to one "caller".
    if (!/^\+?\d{5,}$/.test(normalised)) return null;
    return createHmac('sha256', this.macKey).update(normalised).digest('hex');
  }
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
