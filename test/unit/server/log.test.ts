import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { createLogger, requestContext } from '../../../server/log.js';

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (b: Buffer) => lines.push(...b.toString('utf8').trim().split('\n')));
  return { log: createLogger('debug', stream), lines };
}

describe('logging never carries a number, a name or a note', () => {
  it('drops known personal fields, however deep', async () => {
    const { log, lines } = capture();
    log.info('webhook', { From: '+393331234567', nested: { notes: 'lives at via Roma 1', username: 'maria' }, contactId: 'c-1' });
    await new Promise((r) => setImmediate(r));
    const line = lines.join('\n');
    expect(line).to.not.contain('3331234567').and.not.contain('via Roma').and.not.contain('maria');
    expect(JSON.parse(lines[0]!)).to.include({ contactId: 'c-1', message: 'webhook' });
  });

  it('masks a phone number written into a message', async () => {
    const { log, lines } = capture();
    log.warn('could not dial +39 06 1234 5678 for caller');
    await new Promise((r) => setImmediate(r));
    expect(lines[0]).to.not.contain('1234');
    expect(lines[0]).to.contain('[redacted]');
  });

  it('masks numbers however they are written, but not ids that contain digits', async () => {
    const { log, lines } = capture();
    const requestId = '12345678-1234-4123-8123-123456789012';
    log.info('numbers: +393331234567, 333 123 4567, (06) 1234-5678', { requestId, callSid: 'CA0123456789abcdef0123456789abcdef' });
    await new Promise((r) => setImmediate(r));
    const line = JSON.parse(lines[0]!);
    expect(line.message).to.equal('numbers: [redacted], [redacted], [redacted]');
    expect(line).to.include({ requestId, callSid: 'CA0123456789abcdef0123456789abcdef' });
  });

  it('stamps every line logged while serving a request with its request id', async () => {
    const { log, lines } = capture();
    await requestContext.run({ requestId: 'req-42' }, async () => {
      await Promise.resolve();
      log.info('call arrived', { contactId: 'c-9' });
    });
    log.info('outside');
    await new Promise((r) => setImmediate(r));
    expect(JSON.parse(lines[0]!)).to.include({ requestId: 'req-42', contactId: 'c-9' });
    expect(JSON.parse(lines[1]!)).to.not.have.property('requestId');
  });

  it('keeps ids, enums, counts and durations', async () => {
    const { log, lines } = capture();
    log.info('call ended', { contactId: 'a1b2', status: 'completed', durationSeconds: 125 });
    await new Promise((r) => setImmediate(r));
    expect(JSON.parse(lines[0]!)).to.include({ contactId: 'a1b2', status: 'completed', durationSeconds: 125 });
  });
});
