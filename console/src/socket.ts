import { io, type Socket } from 'socket.io-client';
import { Ack, type ClientToServer, type PresenceSet, type ServerToClient } from './contracts.js';

export type AppSocket = Socket<ServerToClient, ClientToServer>;

/** Same origin, default path; the session cookie authenticates the handshake. */
export function openSocket(): AppSocket {
  return io({ withCredentials: true, autoConnect: false });
}

const ACK_TIMEOUT_MS = 5000;

/** An ack, or `{ok: false, error: 'timeout'}` when the server did not answer in time. */
async function withAck(send: () => Promise<unknown>): Promise<Ack> {
  let reply: unknown;
  try {
    reply = await send();
  } catch {
    return { ok: false, error: 'timeout' };
  }
  const parsed = Ack.safeParse(reply);
  return parsed.success ? parsed.data : { ok: false, error: 'bad_reply' };
}

export const acceptOffer = (socket: AppSocket, contactId: string) =>
  withAck(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('offer:accept', { contactId }));

export const declineOffer = (socket: AppSocket, contactId: string) =>
  withAck(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('offer:decline', { contactId }));

export const setPresence = (socket: AppSocket, presence: PresenceSet) =>
  withAck(() => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presence:set', presence));
