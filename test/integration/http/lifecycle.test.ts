import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { freePort } from '../../support/ports.js';

describe('starting and stopping the server as `npm start` does', () => {
  it('prints the console URL and the demo logins, serves, and stops cleanly on SIGTERM', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'approdo-start-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SQLITE_PATH: join(dir, 'a.sqlite'), SECRETS_FILE: join(dir, 'secrets.json'), LOG_LEVEL: 'warn', DATABASE_URL: '', TEST_DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 45_000;
    while (!out.includes('Password for all of them') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(out).to.contain(`http://localhost:${port}`);
    for (const u of ['admin', 'supervisor', 'operator1', 'operator2', 'operator3', 'coordinator1', 'coordinator2']) expect(out).to.contain(u);
    const password = /Password for all of them: (\S+)/.exec(out)?.[1];
    expect(password).to.be.a('string').with.length.greaterThan(8);

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).to.equal(200);

    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
  });
});
