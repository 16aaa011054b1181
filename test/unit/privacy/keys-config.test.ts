import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../server/config.js';

describe('DATA_KEY_PREVIOUS', () => {
  const key = () => randomBytes(32).toString('hex');
  const base = { NODE_ENV: 'test' } as const;

  it('is empty unless set', () => {
    expect(loadConfig({ ...base, DATA_KEY: key() }).previousDataKeys).to.deep.equal([]);
  });

  it('reads comma-separated keys of 64 hex digits, spaces allowed', () => {
    const [a, b] = [key(), key()];
    const c = loadConfig({ ...base, DATA_KEY: key(), DATA_KEY_PREVIOUS: ` ${a}, ${b.toUpperCase()} ` });
    expect(c.previousDataKeys.map((k) => k.toString('hex'))).to.deep.equal([a, b]);
  });

  it('refuses a malformed key, and the current key among the previous ones', () => {
    expect(() => loadConfig({ ...base, DATA_KEY: key(), DATA_KEY_PREVIOUS: 'abc' })).to.throw(ConfigError, /DATA_KEY_PREVIOUS/);
    const current = key();
    expect(() => loadConfig({ ...base, DATA_KEY: current, DATA_KEY_PREVIOUS: `${key()},${current}` })).to.throw(ConfigError, /must not contain DATA_KEY/);
  });
});
