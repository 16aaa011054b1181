import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { getMetadataArgsStorage } from 'typeorm';
import { ENTITIES } from '../../../server/db/entities.js';
import { CIPHERTEXT_COLUMNS } from '../../../server/privacy/ciphertext-columns.js';
import { DataProtection } from '../../../server/privacy/crypto.js';

/** A ciphertext as written before key rotation existed: `v1.<iv>.<tag>.<body>`, no key id. */
function sealV1(dataKey: Buffer, plain: string): string {
  const key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'approdo notes v1', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

describe('protecting notes and numbers', () => {
  const p = new DataProtection(randomBytes(32));

  it('notes round-trip, and the ciphertext does not contain them', () => {
    const sealed = p.encrypt('Lives near the station with two other women');
    expect(sealed).to.match(/^v2\.[0-9a-f]{8}\./).and.not.contain('station');
    expect(p.decrypt(sealed)).to.equal('Lives near the station with two other women');
  });

  it('the same note encrypts differently each time', () => {
    expect(p.encrypt('x')).to.not.equal(p.encrypt('x'));
  });

  it('a tampered ciphertext is refused, not misread', () => {
    const sealed = p.encrypt('secret');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => p.decrypt(parts.join('.'))).to.throw();
  });

  it('another key cannot read the notes', () => {
    expect(() => new DataProtection(randomBytes(32)).decrypt(p.encrypt('secret'))).to.throw();
  });

  it('a number links to the same caller however it is written, without containing it', () => {
    const h = p.callerHash('+39 333 123 4567');
    expect(h).to.equal(p.callerHash('+393331234567')).and.match(/^[0-9a-f]{64}$/);
    expect(h).to.not.contain('3331234567');
    expect(p.callerHash('+393331234568')).to.not.equal(h);
  });

  it('withheld numbers link to nobody', () => {
    for (const n of ['anonymous', 'unknown', '', 'client:operator1']) expect(p.callerHash(n), n).to.equal(null);
  });

  it('another key gives another hash: the hash is useless without DATA_KEY', () => {
    expect(new DataProtection(randomBytes(32)).callerHash('+393331234567')).to.not.equal(p.callerHash('+393331234567'));
  });
});

describe('rotating DATA_KEY', () => {
  const oldKey = randomBytes(32);
  const olderKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = new DataProtection(oldKey);
  const after = new DataProtection(newKey, [oldKey, olderKey]);

  it('the key id names the key without revealing it, and differs between keys', () => {
    expect(before.keyId).to.match(/^[0-9a-f]{8}$/);
    expect(after.keyId).to.not.equal(before.keyId);
    expect(oldKey.toString('hex')).to.not.contain(before.keyId);
    expect(new DataProtection(oldKey).keyId).to.equal(before.keyId);
  });

  it('what the old key wrote is still read after the rotation, through DATA_KEY_PREVIOUS', () => {
    const sealed = before.encrypt('Sleeps in the back of the shop');
    expect(sealed.startsWith(`v2.${before.keyId}.`)).to.equal(true);
    expect(after.decrypt(sealed)).to.equal('Sleeps in the back of the shop');
  });

  it('new writes are under the new key, which the old configuration cannot read', () => {
    const sealed = after.encrypt('Passport held by the employer');
    expect(sealed.startsWith(`v2.${after.keyId}.`)).to.equal(true);
    expect(after.isCurrent(sealed)).to.equal(true);
    expect(() => before.decrypt(sealed)).to.throw(/neither DATA_KEY nor in DATA_KEY_PREVIOUS/);
  });

  it('once the old key is gone, its ciphertexts are refused with a reason', () => {
    const sealed = before.encrypt('x');
    expect(() => new DataProtection(newKey).decrypt(sealed)).to.throw(/DATA_KEY_PREVIOUS/);
  });

  it('v1 ciphertexts (before key ids) are read with the current key, then each previous one', () => {
    expect(after.decrypt(sealV1(newKey, 'current'))).to.equal('current');
    expect(after.decrypt(sealV1(oldKey, 'previous'))).to.equal('previous');
    expect(after.decrypt(sealV1(olderKey, 'older'))).to.equal('older');
    expect(() => after.decrypt(sealV1(randomBytes(32), 'stranger'))).to.throw(/no configured key/);
    expect(after.isCurrent(sealV1(newKey, 'current'))).to.equal(false);
  });

  it('a ciphertext whose key id was changed is refused (the header is authenticated)', () => {
    const both = new DataProtection(newKey, [oldKey]);
    const sealed = before.encrypt('secret').split('.');
    sealed[1] = both.keyId;
    expect(() => both.decrypt(sealed.join('.'))).to.throw();
  });

  it('the caller hash stays under the current key; previous keys give the hashes old blocks hold', () => {
    const n = '+393331234567';
    expect(after.callerHash(n)).to.equal(new DataProtection(newKey).callerHash(n));
    expect(after.callerHashes(n)).to.deep.equal([after.callerHash(n), before.callerHash(n), new DataProtection(olderKey).callerHash(n)]);
    expect(after.callerHashes('anonymous')).to.deep.equal([]);
  });

  it('every ciphertext column of every entity is in the table the rotation walks', () => {
    const listed = new Set(CIPHERTEXT_COLUMNS.map((c) => `${c.entity.name}.${c.column}`));
    const entities = new Set<unknown>(ENTITIES);
    const found = getMetadataArgsStorage().columns
      .filter((c) => entities.has(c.target) && /cipher$/i.test(c.propertyName))
      .map((c) => `${(c.target as { name: string }).name}.${c.propertyName}`);
    expect(found).to.have.length.above(0);
    expect(new Set(found)).to.deep.equal(listed);
  });
});
