import { randomBytes, randomInt } from 'node:crypto';

export type SidPrefix = 'CA' | 'QU' | 'CF' | 'RE';

/** Twilio's shape: two letters and 32 lowercase hex digits. */
export const newSid = (prefix: SidPrefix): string => prefix + randomBytes(16).toString('hex');

/** A random Italian mobile number (+39 3xx xxxxxxx) for a virtual caller. */
export function randomItalianMobile(): string {
  let rest = '';
  for (let i = 0; i < 8; i++) rest += String(randomInt(10));
  return `+3933${rest}`;
}
