import { loadConfig } from '../server/config.js';
import { start } from '../server/main.js';

// The real server for the benchmarks, reporting its port to the parent process.
const running = await start(loadConfig(), { seed: false });
process.send?.({ ready: running.port });
process.once('SIGTERM', () => { void running.close().then(() => process.exit(0)); });
