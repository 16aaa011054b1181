import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../log.js';

export interface StatusEvent { callSid: string; status: string; durationSeconds: number | null; at: string }

/**
 * Status callbacks the database could not take (it was down): Twilio never sends them again, so
 * they are kept in a local file and replayed, in order, once the database answers. Each node keeps
 * its own file; replaying is idempotent, so a callback replayed twice changes nothing.
 */
export class StatusOutbox {
  private pending = 0;
  private replaying = false;

  constructor(private readonly file: string, private readonly log: Logger) {}

  /** At start: anything left from before a restart is pending too. */
  async load(): Promise<void> {
    this.pending = (await this.read()).length;
    if (this.pending) this.log.warn('status callbacks waiting to be replayed', { count: this.pending });
  }

  async keep(e: StatusEvent): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, JSON.stringify(e) + '\n', { mode: 0o600 });
    this.pending++;
    this.log.warn('status callback kept for replay', { status: e.status });
  }

  get size(): number { return this.pending; }

  /** Tries every kept event; those that fail again stay, in order. */
  async replay(apply: (e: StatusEvent) => Promise<void>): Promise<number> {
    if (this.replaying || this.pending === 0) return 0;
    this.replaying = true;
    try {
      const events = await this.read();
      const left: StatusEvent[] = [];
      for (const e of events) {
        if (left.length) { left.push(e); continue; } // keep the order: stop at the first failure
        try { await apply(e); } catch { left.push(e); }
      }
      const tmp = `${this.file}.tmp`;
      await writeFile(tmp, left.map((e) => JSON.stringify(e) + '\n').join(''), { mode: 0o600 });
      await rename(tmp, this.file);
      const done = events.length - left.length;
      this.pending = left.length;
      if (done) this.log.info('status callbacks replayed', { count: done, left: left.length });
      return done;
    } finally {
      this.replaying = false;
    }
  }

  private async read(): Promise<StatusEvent[]> {
    let text: string;
    try { text = await readFile(this.file, 'utf8'); } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return text.split('\n').filter(Boolean).flatMap((line) => {
      try { return [JSON.parse(line) as StatusEvent]; } catch { return []; }
    });
  }
}
