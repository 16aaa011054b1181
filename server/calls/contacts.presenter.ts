import type { ContactView } from '../contracts/contacts.js';
import type { DataProtection } from '../privacy/crypto.js';
import type { Contact } from './contact.entity.js';
import { conferenceName } from './calls.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What staff see of a contact, field by field. `operatorName` comes from the caller's join. */
export function presentContact(c: Contact, protect: DataProtection, names: ReadonlyMap<string, string>): ContactView {
  const operatorName = c.answeredById ? (names.get(c.answeredById) ?? null) : null;
  const live = c.status === 'connected' || c.status === 'connecting';
  return {
    id: c.id,
    status: c.status,
    language: c.language,
    purpose: c.purpose,
    priority: c.priority,
    danger: c.danger,
    cannotTalkFreely: c.cannotTalkFreely,
    startedAt: c.startedAt.toISOString(),
    queuedAt: iso(c.queuedAt),
    answeredAt: iso(c.answeredAt),
    endedAt: iso(c.endedAt),
    durationSeconds: c.durationSeconds,
    operator: c.answeredById ? { id: c.answeredById, displayName: operatorName ?? '' } : null,
    conference: live ? conferenceName(c.id) : null,
    callbackOf: c.callbackOfId,
    transferTo: c.transferToId ? { id: c.transferToId, displayName: names.get(c.transferToId) ?? '' } : null,
    message: c.messageAt || c.callbackCipher
      ? { leftAt: (c.messageAt ?? c.endedAt ?? c.startedAt).toISOString(), seconds: c.messageSeconds, callbackUntil: c.callbackCipher ? iso(c.callbackExpiresAt) : null }
      : null,
    record: c.recordSavedAt && c.callerType && c.pertinence && c.contactClass && c.language && c.purpose
      ? {
          callerType: c.callerType,
          language: c.language,
          purpose: c.purpose,
          pertinence: c.pertinence,
          contactClass: c.contactClass,
          reasons: c.reasons ?? [],
          outcomes: c.outcomes ?? [],
          notes: c.notesCipher ? protect.decrypt(c.notesCipher) : '',
          savedAt: c.recordSavedAt.toISOString(),
          savedById: c.recordSavedById ?? '',
        }
      : null,
  };
}
