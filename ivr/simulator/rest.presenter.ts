// The REST API's JSON, snake_case as twilio-node's resource classes read it (call.ts, queue.ts,
// member.ts, conference.ts, participant.ts in src/rest/api/v2010/account).

import type { CallLeg } from './call.leg.js';
import type { Clock } from './clock.js';
import type { Conference, Participant } from './conferences.js';
import type { QueueMember, SimQueue } from './queues.js';
import { rfc2822 } from './webhook.params.js';

type Json = Record<string, unknown>;

export const accountUri = (accountSid: string): string => `/2010-04-01/Accounts/${accountSid}`;

const lastChange = (call: CallLeg): Date => {
  const last = call.events[call.events.length - 1];
  return last ? new Date(last.at) : call.createdAt;
};

export function presentCall(call: CallLeg, accountSid: string, clock: Clock): Json {
  const uri = `${accountUri(accountSid)}/Calls/${call.sid}`;
  const talked = call.answeredAt && call.endedAt ? Math.round(clock.simSeconds(call.answeredAt, call.endedAt)) : 0;
  return {
    sid: call.sid,
    account_sid: accountSid,
    parent_call_sid: call.parentCallSid,
    date_created: rfc2822(call.createdAt),
    date_updated: rfc2822(lastChange(call)),
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: null,
    status: call.status,
    start_time: call.status === 'queued' ? null : rfc2822(call.answeredAt ?? call.createdAt),
    end_time: call.endedAt ? rfc2822(call.endedAt) : null,
    duration: call.endedAt ? String(talked) : null,
    price: null,
    price_unit: 'USD',
    direction: call.direction,
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri: `${uri}.json`,
    subresource_uris: {
      notifications: `${uri}/Notifications.json`,
      recordings: `${uri}/Recordings.json`,
      events: `${uri}/Events.json`,
    },
  };
}

export function presentQueue(queue: SimQueue, accountSid: string): Json {
  const uri = `${accountUri(accountSid)}/Queues/${queue.sid}`;
  return {
    sid: queue.sid,
    account_sid: accountSid,
    friendly_name: queue.name,
    current_size: queue.members.length,
    average_wait_time: queue.averageWaitSeconds(),
    max_size: queue.maxSize,
    date_created: rfc2822(queue.createdAt),
    date_updated: rfc2822(queue.updatedAt),
    uri: `${uri}.json`,
    subresource_uris: { members: `${uri}/Members.json` },
  };
}

export function presentMember(member: QueueMember, accountSid: string): Json {
  const { queue } = member;
  return {
    call_sid: member.call.sid,
    queue_sid: queue.sid,
    date_enqueued: rfc2822(member.enqueuedAt),
    position: queue.position(member),
    wait_time: queue.waitSeconds(member),
    uri: `${accountUri(accountSid)}/Queues/${queue.sid}/Members/${member.call.sid}.json`,
  };
}

export function presentConference(conf: Conference, accountSid: string): Json {
  const uri = `${accountUri(accountSid)}/Conferences/${conf.sid}`;
  return {
    sid: conf.sid,
    account_sid: accountSid,
    friendly_name: conf.name,
    status: conf.status,
    region: 'us1',
    api_version: '2010-04-01',
    date_created: rfc2822(conf.createdAt),
    date_updated: rfc2822(conf.updatedAt),
    reason_conference_ended: conf.reasonEnded,
    call_sid_ending_conference: conf.callSidEndingConference,
    uri: `${uri}.json`,
    subresource_uris: { participants: `${uri}/Participants.json`, recordings: `${uri}/Recordings.json` },
  };
}

export interface ParticipantLike {
  callSid: string;
  opts: Participant['opts'];
  hold: boolean;
  joinedAt: Date;
  status: 'queued' | 'connected' | 'complete';
}

export function presentParticipant(p: ParticipantLike, conf: Conference, accountSid: string): Json {
  return {
    account_sid: accountSid,
    call_sid: p.callSid,
    conference_sid: conf.sid,
    label: p.opts.label,
    call_sid_to_coach: p.opts.callSidToCoach,
    coaching: p.opts.coaching,
    muted: p.opts.muted,
    hold: p.hold,
    start_conference_on_enter: p.opts.startConferenceOnEnter,
    end_conference_on_exit: p.opts.endConferenceOnExit,
    status: p.status,
    queue_time: '0',
    date_created: rfc2822(p.joinedAt),
    date_updated: rfc2822(p.joinedAt),
    uri: `${accountUri(accountSid)}/Conferences/${conf.sid}/Participants/${p.callSid}.json`,
  };
}

export const participantView = (p: Participant): ParticipantLike => ({
  callSid: p.call.sid,
  opts: p.opts,
  hold: p.hold,
  joinedAt: p.joinedAt,
  status: 'connected',
});

/** A list page; everything fits on page 0, so next_page_uri is always null. */
export function presentList(key: string, items: Json[], uri: string, pageSize: number): Json {
  return {
    [key]: items,
    first_page_uri: `${uri}?PageSize=${pageSize}&Page=0`,
    next_page_uri: null,
    previous_page_uri: null,
    page: 0,
    page_size: pageSize,
    start: 0,
    end: Math.max(0, items.length - 1),
    uri: `${uri}?PageSize=${pageSize}&Page=0`,
  };
}
