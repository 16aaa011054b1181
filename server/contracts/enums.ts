// Enumerations shared by the server and the console. Values are spelled as in
// shared/reference/domain-italy.md §8, so exports and reports speak the sector's language.

/** analyst: aggregate reports only, small counts suppressed. */
export const ROLES = ['operator', 'supervisor', 'coordinator', 'admin', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export { LANGUAGES, PURPOSES, type Language, type Purpose } from '../../ivr/languages.js';

/** wrap_up: the call is over, the operator finishes its record; timed, then available again. */
export const OPERATOR_STATES = ['offline', 'available', 'offered', 'on_call', 'wrap_up', 'away'] as const;
export type OperatorState = (typeof OPERATOR_STATES)[number];

/**
 * A contact's place in its journey. A call-back (an operator calling back someone who left a
 * message) is a contact of its own: connecting, connected, then completed — or no_answer.
 * Live: in the IVR, waiting, being offered, being connected, talking
 * to an operator, with the on-call colleague (overflow), leaving a message. Ended: completed (talked
 * to an operator), oncall (handed to the on-call colleague), message (left a message), abandoned.
 */
export const CONTACT_STATUSES = [
  'ivr', 'queued', 'offered', 'connecting', 'connected', 'overflow', 'voicemail', 'completed', 'oncall', 'message', 'abandoned',
  'no_answer',
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const CALLER_TYPES = [
  'POTENTIAL_VICTIM_SELF', 'FAMILY_FRIEND_COLLEAGUE', 'CLIENT', 'PRIVATE_CITIZEN', 'LAW_ENFORCEMENT',
  'SOCIAL_HEALTH_SERVICE', 'ANTITRAFFICKING_PROJECT', 'THIRD_SECTOR_ORG', 'ASYLUM_SYSTEM', 'LABOUR_ACTOR',
  'INSTITUTION_OTHER', 'UNKNOWN',
] as const;
export type CallerType = (typeof CALLER_TYPES)[number];

export const PERTINENCES = ['PERTINENT', 'QUALIFIED', 'NOT_PERTINENT', 'NUISANCE'] as const;
export type Pertinence = (typeof PERTINENCES)[number];

export const CONTACT_CLASSES = [
  'CRISIS', 'TIP', 'REFERRAL_REQUEST', 'INFORMATION', 'TECHNICAL_ASSISTANCE', 'OUT_OF_SCOPE_RELATED',
] as const;
export type ContactClass = (typeof CONTACT_CLASSES)[number];

export const REASONS = [
  'HELP_EXIT', 'EMERGENCY_ACCOMMODATION', 'REPORT_TRAFFICKING', 'REPORT_LABOUR_EXPLOITATION', 'INFO_RIGHTS_LEGAL',
  'INFO_HEALTH_WELFARE', 'LISTENING', 'INTERPRETING', 'PROJECT_CONSULTATION', 'MIR_TRANSFER_REQUEST',
  'SERVICE_COMMUNICATION',
] as const;
export type Reason = (typeof REASONS)[number];

export const OUTCOMES = [
  'LISTENING_ADVICE', 'INTERPRETING', 'EMERGENCY_ACCOMMODATION_ACTIVATED', 'ASSESSMENT_INTERVIEW_BOOKED',
  'REFERRED_TERRITORIAL_PROJECT', 'MIR_OPENED', 'REFERRED_OTHER_SERVICE', 'POLICE_ALERTED', 'SIGNPOSTED',
  'CALL_DROPPED', 'NO_ACTION',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
