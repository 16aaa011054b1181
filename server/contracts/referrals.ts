import { z } from 'zod';

// Referrals to shelters, legal pathways and labour programmes (issue 7). Values as in
// shared/reference/domain-italy.md §8.

export const REFERRAL_TYPES = [
  'EMERGENCY_ACCOMMODATION', 'PROTECTED_SHELTER', 'SECOND_RECEPTION', 'SEMI_AUTONOMY', 'NON_RESIDENTIAL_SUPPORT', 'ASSESSMENT_INTERVIEW',
  'LEGAL', 'HEALTH', 'PSYCHOLOGICAL', 'LABOUR_REINTEGRATION', 'MIR_TRANSFER', 'ASYLUM_RECEPTION', 'MINORS_SYSTEM', 'ANTI_VIOLENCE_CENTRE',
  'LAW_ENFORCEMENT',
] as const;
export type ReferralType = (typeof REFERRAL_TYPES)[number];

export const REFERRAL_STATUSES = [
  'DRAFT', 'SENT', 'ACKNOWLEDGED', 'UNDER_ASSESSMENT', 'INFO_REQUESTED', 'ACCEPTED', 'WAITLISTED', 'DECLINED', 'PLACED', 'NO_SHOW',
  'WITHDRAWN_BY_PERSON', 'CANCELLED', 'CLOSED', 'EXPIRED',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const DECLINE_REASONS = [
  'NO_CAPACITY', 'GENDER_PROFILE', 'AGE_OR_MINOR', 'CHILDREN_NOT_ACCEPTED', 'HEALTH_NEEDS', 'SAFETY_TOO_CLOSE_TO_EXPLOITERS', 'LANGUAGE',
  'PERSON_DECLINED', 'OTHER',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/**
 * What can be done to a referral, and by which side: the helpline (operators, supervisors), the
 * receiving organisation (its coordinators), or the system (the SLA clock).
 */
export const REFERRAL_ACTIONS = [
  'send', 'acknowledge', 'start_assessment', 'request_info', 'provide_info', 'accept', 'waitlist', 'decline', 'place', 'no_show',
  'withdraw', 'cancel', 'expire', 'close',
] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

export const REFERRAL_SIDES = ['helpline', 'receiver', 'system'] as const;
export type ReferralSide = (typeof REFERRAL_SIDES)[number];

export const ReferralActionInput = z.object({
  action: z.enum(REFERRAL_ACTIONS),
  declineReason: z.enum(DECLINE_REASONS).optional(),
});
export type ReferralActionInput = z.infer<typeof ReferralActionInput>;

export const SHELTER_TYPES = [
  'PRONTA_ACCOGLIENZA', 'CASA_DI_FUGA', 'SECONDA_ACCOGLIENZA', 'SEMI_AUTONOMIA', 'AUTONOMIA_SUPPORT', 'MOTHER_CHILD', 'MINORS_FACILITY', 'CAS_TRATTA',
] as const;
export type ShelterType = (typeof SHELTER_TYPES)[number];

/** Needs a facility must be able to meet (domain-italy.md §4: what a coordinator needs to accept). */
export const HEALTH_NEEDS = ['MENTAL_HEALTH', 'ADDICTION', 'DISABILITY', 'PREGNANCY'] as const;
export type HealthNeed = (typeof HEALTH_NEEDS)[number];
