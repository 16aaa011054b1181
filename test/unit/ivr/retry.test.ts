import { expect } from 'chai';
import { retryable, withRetry } from '../../../ivr/twilio/telephony.js';

const failing = (errors: unknown[], value = 'ok') => {
  let calls = 0;
  return { op: async () => { const e = errors[calls++]; if (e) throw e; return value; }, calls: () => calls };
};
const noSleep = async () => {};

describe("Twilio REST calls are retried with backoff, but not forever", () => {
  it('a 500 then success: retried, and the result comes back', async () => {
    const f = failing([{ status: 500 }]);
    expect(await withRetry(f.op, { attempts: 3, baseDelayMs: 1 }, noSleep)).to.equal('ok');
    expect(f.calls()).to.equal(2);
  });

  it('waits longer each time (exponential backoff)', async () => {
    const waits: number[] = [];
    const f = failing([{ status: 503 }, { status: 429 }]);
    await withRetry(f.op, { attempts: 3, baseDelayMs: 100 }, async (ms) => { waits.push(ms); });
    expect(waits).to.deep.equal([100, 200]);
  });

  it('gives up after the last attempt with the last error', async () => {
    const f = failing([{ status: 500 }, { status: 502 }, { status: 503 }]);
    let caught: unknown;
    try { await withRetry(f.op, { attempts: 3, baseDelayMs: 1 }, noSleep); } catch (e) { caught = e; }
    expect(caught).to.deep.equal({ status: 503 });
    expect(f.calls()).to.equal(3);
  });

  it('a 4xx (unknown call, bad number) is not retried', async () => {
    const f = failing([{ status: 404 }]);
    let caught: unknown;
    try { await withRetry(f.op, { attempts: 3, baseDelayMs: 1 }, noSleep); } catch (e) { caught = e; }
    expect(caught).to.deep.equal({ status: 404 });
    expect(f.calls()).to.equal(1);
  });

  it('network errors and timeouts are retried', () => {
    expect(retryable(new Error('ECONNREFUSED'))).to.equal(true);
    expect(retryable({ status: 429 })).to.equal(true);
    expect(retryable({ status: 400 })).to.equal(false);
  });
});
