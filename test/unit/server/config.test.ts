import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../server/config.js';

const real = {
  TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TWILIO_AUTH_TOKEN: 'x'.repeat(32), TWILIO_NUMBER: '+39800290290',
  PUBLIC_URL: 'https://helpline.example.org',
};
const secrets = { SESSION_SECRET: 's'.repeat(40), DATA_KEY: 'ab'.repeat(32), DATABASE_URL: 'mysql://u:p@db/approdo' };

describe('settings', () => {
  it('with nothing set: simulator, embedded SQLite, port 3000', () => {
    const c = loadConfig({ NODE_ENV: 'test' });
    expect(c.telephony.mode).to.equal('simulator');
    expect(c.database).to.deep.equal({ type: 'sqlite', path: 'data/approdo.sqlite' });
    expect(c.port).to.equal(3000);
    expect(c.telephony.authToken).to.have.length.greaterThan(30);
  });

  it('real Twilio needs its settings together', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', TWILIO_ACCOUNT_SID: real.TWILIO_ACCOUNT_SID })).to.throw(ConfigError, /together/);
    expect(loadConfig({ NODE_ENV: 'test', ...real }).telephony.mode).to.equal('twilio');
  });

  it('production refuses to start without secrets, a database and https', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...real })).to.throw(ConfigError, /SESSION_SECRET, DATA_KEY, DATABASE_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets, ...real, PUBLIC_URL: 'http://helpline.example.org' })).to.throw(ConfigError, /https/);
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).to.throw(ConfigError);
    const ok = loadConfig({ NODE_ENV: 'production', ...secrets, ...real });
    expect(ok.demoPassword).to.equal(null);
  });

  it('production never has demo passwords', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...secrets, ...real, DEMO_PASSWORD: 'password123' }).demoPassword).to.equal(null);
  });

  it('names every bad setting', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATA_KEY: 'short' })).to.throw(ConfigError, /PORT[\s\S]*DATA_KEY|DATA_KEY[\s\S]*PORT/);
  });

  it('mariadb:// URLs use the MySQL driver', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'mariadb://root@127.0.0.1/test' }).database).to.deep.equal({ type: 'mysql', url: 'mysql://root@127.0.0.1/test' });
  });
});
