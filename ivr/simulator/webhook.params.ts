// The parameters every TwiML fetch and status callback carries (reference §1.1).

export interface CallIdentity {
  sid: string;
  from: string;
  to: string;
  status: string;
  direction: string;
  parentCallSid: string | null;
}

// Calling codes of the countries the helpline hears from most; longest prefix wins. Unknown → "".
const COUNTRIES: Array<[string, string]> = [
  ['+39', 'IT'], ['+44', 'GB'], ['+33', 'FR'], ['+40', 'RO'], ['+34', 'ES'], ['+351', 'PT'],
  ['+49', 'DE'], ['+355', 'AL'], ['+380', 'UA'], ['+7', 'RU'], ['+86', 'CN'], ['+234', 'NG'],
  ['+212', 'MA'], ['+216', 'TN'], ['+20', 'EG'], ['+1', 'US'], ['+41', 'CH'], ['+43', 'AT'],
];
const BY_LENGTH = [...COUNTRIES].sort((a, b) => b[0].length - a[0].length);

export function countryOf(address: string): string {
  if (!address.startsWith('+')) return '';
  return BY_LENGTH.find(([prefix]) => address.startsWith(prefix))?.[1] ?? '';
}

function geo(prefix: string, address: string): Record<string, string> {
  return {
    [`${prefix}City`]: '',
    [`${prefix}State`]: '',
    [`${prefix}Zip`]: '',
    [`${prefix}Country`]: countryOf(address),
  };
}

export function callParams(call: CallIdentity, accountSid: string): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: call.status,
    Called: call.to,
    Caller: call.from,
    Direction: call.direction,
    From: call.from,
    To: call.to,
    ...geo('From', call.from),
    ...geo('To', call.to),
    ...geo('Caller', call.from),
    ...geo('Called', call.to),
  };
  if (call.parentCallSid) params.ParentCallSid = call.parentCallSid;
  return params;
}

/** RFC 2822 as Twilio writes it: `Fri, 20 Aug 2010 01:13:42 +0000`. */
export const rfc2822 = (d: Date): string => d.toUTCString().replace(/GMT$/, '+0000');
