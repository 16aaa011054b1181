import { z } from 'zod';

// What we read of Twilio's webhook parameters. Twilio adds parameters without notice, so unknown
// ones are ignored, never refused.

const CallSid = z.string().regex(/^CA[0-9a-f]{32}$/i);
const Phone = z.string().max(128).optional().default('');

export const VoiceParams = z.object({ CallSid, From: Phone });
export const GatherParams = z.object({ CallSid, Digits: z.string().regex(/^[0-9*#]{0,64}$/).optional().default('') });
export const CallParams = z.object({ CallSid });
export const StatusParams = z.object({
  CallSid,
  CallStatus: z.enum(['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
  CallDuration: z.coerce.number().int().min(0).max(10 * 24 * 3600).optional(),
});
export const QueueExitParams = z.object({ CallSid, QueueResult: z.string().max(40).optional().default('') });
export const ContactPath = z.object({ contactId: z.uuid() });
