import { EventEmitter } from 'node:events';
import type { OfferWithdrawn } from './contracts/realtime.js';

// The in-process domain event bus: services publish ids after their writes; `realtime/` and the
// routing engine subscribe. Payloads carry ids and enums only, never personal data.

export type DomainEvent =
  | { type: 'contact.queued'; contactId: string }
  | { type: 'contact.changed'; contactId: string; operatorId: string | null }
  | { type: 'offer.made'; contactId: string; operatorId: string }
  | { type: 'offer.withdrawn'; contactId: string; operatorId: string; reason: OfferWithdrawn['reason'] }
  | { type: 'call.connected'; contactId: string; operatorId: string }
  | { type: 'call.ended'; contactId: string; operatorId: string | null }
  | { type: 'operator.state'; operatorId: string }
  /** Someone changed what an operator can take (languages, levels, flags). */
  | { type: 'operator.skills'; operatorId: string; byId: string }
  /** A call-back request appeared, was claimed, answered or given back: operators of that language should see it. */
  | { type: 'callback.changed'; contactId: string; language: string }
  /** A contact's risk turned IMMEDIATE: every supervisor online must see it. */
  | { type: 'risk.alert'; alertId: string }
  | { type: 'risk.acknowledged'; alertId: string }
  | { type: 'risk.withdrawn'; alertId: string }
  /** A case changed: whoever has it open refreshes it. */
  | { type: 'case.changed'; caseId: string };

export type DomainEventType = DomainEvent['type'];
type Handler<T extends DomainEventType> = (e: Extract<DomainEvent, { type: T }>) => void;

export class Bus {
  private readonly emitter = new EventEmitter();
  constructor(private readonly onError: (err: unknown, event: DomainEvent) => void = () => {}) {
    this.emitter.setMaxListeners(50);
  }

  publish(event: DomainEvent): void {
    for (const listener of this.emitter.listeners(event.type)) {
      // A failing subscriber must not break the publisher's request, nor the other subscribers.
      try {
        const r = (listener as (e: DomainEvent) => unknown)(event);
        if (r instanceof Promise) r.catch((err) => this.onError(err, event));
      } catch (err) {
        this.onError(err, event);
      }
    }
  }

  on<T extends DomainEventType>(type: T, handler: Handler<T>): () => void {
    this.emitter.on(type, handler as (e: DomainEvent) => void);
    return () => this.emitter.off(type, handler as (e: DomainEvent) => void);
  }
}
