import express from 'express';

// The baseline: a bare Express route answering a fixed TwiML document of the same size as the
// IVR's greeting, with the same form parsing.
const port = Number(process.argv[2] ?? 0);
const twiml = process.argv[3] ?? '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello</Say></Response>';
const app = express();
app.use(express.urlencoded({ extended: false, limit: '64kb' }));
app.post('/ivr/voice', (_req, res) => { res.type('text/xml').send(twiml); });
const server = app.listen(port, '127.0.0.1', () => process.send?.({ ready: (server.address() as { port: number }).port }));
