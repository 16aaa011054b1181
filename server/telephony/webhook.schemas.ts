import { z } from 'zod';

// What we read of Twilio's webhook parameters. Twilio adds parameters without notice, so unknown
// ones are ignored, never refused.

const CallSid = z.string().regex(/^CA[0-9a-f]{32}$/i);
const Phone = z.string().max(128).optional().default('');

// Upper-cased before it is measured ('ß' becomes 'SS'); a region we cannot use is dropped, never
// a reason to refuse the call.
const Region = z.string().optional().transform((r) => {
  const v = r?.trim().toUpperCase();
  return v && v.length <= 32 ? v : null;
});
const Digits = z.string().regex(/^[0-9*#]{0,64}$/).optional().default('');

export const VoiceParams = z.object({ CallSid, From: Phone, FromState: Region });
// What the caller said at a menu listening for speech; too long to be a word said in danger, it is ignored.
const SpeechResult = z.string().optional().transform((s) => (s && s.length <= 500 ? s : ''));
export const GatherParams = z.object({ CallSid, From: Phone, Digits, SpeechResult });
export const LineParams = z.object({ CallSid, From: Phone });
export const DialParams = z.object({ CallSid, From: Phone, DialCallStatus: z.string().max(40).optional().default('') });
export const RecordParams = z.object({
  CallSid, From: Phone,
  RecordingUrl: z.url().max(500).optional(),
  RecordingDuration: z.coerce.number().int().min(0).max(24 * 3600).optional(),
});
export const AttemptQuery = z.object({ i: z.coerce.number().int().min(0).max(50) });
export const CallParams = z.object({ CallSid });
export const StatusParams = z.object({
  CallSid,
  CallStatus: z.enum(['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
  CallDuration: z.coerce.number().int().min(0).max(10 * 24 * 3600).optional(),
});
export const QueueExitParams = z.object({ CallSid, From: Phone, QueueResult: z.string().max(40).optional().default('') });
export const ContactPath = z.object({ contactId: z.uuid() });
