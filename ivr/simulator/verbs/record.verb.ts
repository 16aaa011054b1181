import { Interrupt, Scope, isInterrupt, raceAbort } from '../interrupt.js';
import { KeyBuffer } from '../keypad.js';
import { newSid } from '../sids.js';
import { NEXT, attrsOf, goto, type Verb } from './verb.types.js';

/**
 * <Record> as a flow only: no audio is captured. The caller "speaks" until they press a
 * finishOnKey key, hang up, or maxLength passes (silence detection is not simulated); then the
 * action gets a RecordingUrl that points nowhere, RecordingDuration and Digits.
 */
export const record: Verb = async (ctx, node) => {
  const { call, rt } = ctx;
  const a = attrsOf(ctx, node);
  const action = a.url('action') ?? ctx.doc.url;
  const method = a.method('method');
  const maxLength = a.num('maxLength', 3600, 1, 86_400);
  const finishOnKey = a.str('finishOnKey') ?? '1234567890*#';
  const statusCallback = a.url('recordingStatusCallback');
  const statusMethod = a.method('recordingStatusCallbackMethod');
  if (!action) {
    call.emit({ kind: 'error', code: 11100, message: '<Record> in inline TwiML needs an absolute action' });
    return NEXT;
  }
  if (a.bool('transcribe', false)) call.emit({ kind: 'notice', message: 'transcription is not simulated' });

  const recordingSid = newSid('RE');
  const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${rt.accountSid}/Recordings/${recordingSid}`;
  const started = rt.clock.now();
  const result = (digits: string): Record<string, string> => ({
    RecordingSid: recordingSid,
    RecordingUrl: recordingUrl,
    RecordingDuration: String(Math.round(rt.clock.simSeconds(started))),
    Digits: digits,
  });
  const reportRecording = (params: Record<string, string>) => {
    if (!statusCallback) return;
    rt.notifyUrl(call, statusCallback, statusMethod, {
      RecordingSid: params.RecordingSid,
      RecordingUrl: params.RecordingUrl,
      RecordingStatus: 'completed',
      RecordingDuration: params.RecordingDuration,
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
    });
  };

  call.emit({ kind: 'record', maxLength, finishOnKey, action });
  call.emit({ kind: 'notice', message: 'recording is simulated without audio' });
  const keys = new KeyBuffer(call.keypad, rt.clock);
  const limit = new Scope(ctx.signal);
  let digits = '';
  try {
    const ended = rt.clock.sleep(maxLength * 1000, limit.signal).then(() => null);
    for (;;) {
      const key = await raceAbort(Promise.race([ended, keys.next(maxLength * 1000, limit.signal)]), ctx.signal);
      if (key === null) break;
      if (finishOnKey.includes(key)) {
        digits = key;
        break;
      }
    }
  } catch (e) {
    // The caller hung up while recording: Twilio still posts the recording, with Digits=hangup.
    if (isInterrupt(e) && e.reason === 'hangup') {
      const params = result('hangup');
      rt.notifyUrl(call, action, method, params);
      reportRecording(params);
    }
    throw e;
  } finally {
    keys.close();
    limit.abort(new Interrupt('done'));
    limit.dispose();
  }
  const params = result(digits);
  reportRecording(params);
  return goto(ctx, action, method, 'action', params);
};
