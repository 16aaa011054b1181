import type { Config } from '../../server/config.js';
import { start, type Running, type StartOptions } from '../../server/main.js';
import { createLogger } from '../../server/log.js';
import { resetData, wipeDatabaseOnce } from './db.js';
import { testConfig } from './env.js';
import { Agent } from './http.js';

export interface TestApp {
  readonly running: Running;
  readonly url: string;
  agent(): Agent;
  /** A signed-in agent. */
  as(username: string): Promise<Agent>;
  restart(): Promise<void>;
}

/**
 * A real app on port 0 over the test database, in simulator mode unless told otherwise; data reset
 * before each test. Call at the top of a `describe`.
 */
export function useTestApp(env: Record<string, string> | (() => Promise<Record<string, string>>) = {}, opts: StartOptions = {}): TestApp {
  let running: Running | null = null;
  let config: Config;
  const boot = async (port?: number) => {
    const c = port === undefined ? config : { ...config, port };
    running = await start(c, { log: createLogger('error'), tickMs: 100, ...opts });
  };
  const api: TestApp = {
    get running() { return running!; },
    get url() { return running!.url; },
    agent: () => new Agent(running!.url),
    async as(username) {
      const a = new Agent(running!.url);
      const r = await a.signIn(username);
      if (r.status !== 200) throw new Error(`sign-in as ${username} failed: ${r.status}`);
      return a;
    },
    async restart() {
      const port = running!.port;
      await running!.close();
      await boot(port);
    },
  };
  before(async function () {
    this.timeout(60_000);
    await wipeDatabaseOnce();
    config = testConfig(typeof env === 'function' ? await env() : env);
    await boot();
  });
  beforeEach(async () => { await resetData(running!.db); });
  after(async () => { await running?.close(); });
  return api;
}
