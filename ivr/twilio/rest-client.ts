import twilio from 'twilio';

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Send every REST call here instead of Twilio, e.g. 'http://127.0.0.1:3000/sim/twilio' (the simulator). */
  apiBaseUrl?: string;
  /** Per-request timeout in ms (twilio-node's default is 30 000). */
  timeoutMs?: number;
}

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];

/**
 * twilio-node has no base-URL option: every domain hard-codes https://*.twilio.com. A custom
 * httpClient that rewrites the URI before the real RequestClient sends it is the maintainers'
 * recommended way (reference §4.2); paging goes through it too.
 */
class RedirectingRequestClient extends twilio.RequestClient {
  private readonly base: string;

  constructor(apiBaseUrl: string, timeoutMs: number | undefined) {
    super({ timeout: timeoutMs });
    this.base = apiBaseUrl.replace(/\/+$/, '');
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    const url = new URL(opts.uri);
    if (url.hostname === 'twilio.com' || url.hostname.endsWith('.twilio.com')) {
      opts = { ...opts, uri: `${this.base}${url.pathname}${url.search}` };
    }
    return super.request<TData>(opts);
  }
}

export function createTwilioClient(o: TwilioClientOptions): twilio.Twilio {
  const httpClient = o.apiBaseUrl ? new RedirectingRequestClient(o.apiBaseUrl, o.timeoutMs) : undefined;
  return twilio(o.accountSid, o.authToken, {
    ...(httpClient ? { httpClient } : {}),
    ...(o.timeoutMs && !httpClient ? { timeout: o.timeoutMs } : {}),
  });
}
