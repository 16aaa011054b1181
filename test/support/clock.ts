/** The server's clock, moved forward by tests (wait limits, expiries) while real time runs on. */
export class TestClock {
  private offset = 0;
  now = (): Date => new Date(Date.now() + this.offset);
  advance(ms: number): void { this.offset += ms; }
  reset(): void { this.offset = 0; }
}
