import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { DataProtection } from '../../../server/privacy/crypto.js';

describe('protecting notes and numbers', () => {
  const p = new DataProtection(randomBytes(32));

  it('notes round-trip, and the ciphertext does not contain them', () => {
    const sealed = p.encrypt('Lives near the station with two other women');
    expect(sealed).to.match(/^v1\./).and.not.contain('station');
    expect(p.decrypt(sealed)).to.equal('Lives near the station with two other women');
  });

  it('the same note encrypts differently each time', () => {
    expect(p.encrypt('x')).to.not.equal(p.encrypt('x'));
  });

  it('a tampered ciphertext is refused, not misread', () => {
    const sealed = p.encrypt('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64');
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
