import type { RequestHandler } from 'express';
import twilio from 'twilio';

/**
 * Verifies `X-Twilio-Signature` against PUBLIC_URL + the original URL, with the token passed as an
 * argument (twilio's own `webhook()` trusts the Host header and answers 400 where we owe 403).
 */
export function verifyTwilioSignature(opts: { authToken: string; publicUrl: () => string; accountSid: string }): RequestHandler {
  return (req, res, next) => {
    const signature = req.get('x-twilio-signature');
    const params = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>;
    const url = opts.publicUrl() + req.originalUrl;
    if (!signature || !twilio.validateRequest(opts.authToken, signature, url, params)) {
      res.status(403).type('text/plain').send('Twilio signature check failed');
      return;
    }
    // A valid signature from another account's token is impossible, but a request for another
    // account (a misrouted number) is not ours to answer.
    if (params.AccountSid !== opts.accountSid) {
      res.status(403).type('text/plain').send('Not this account');
      return;
    }
    next();
  };
}
