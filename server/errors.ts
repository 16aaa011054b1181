// Domain code throws these; `http/errors.ts` maps kinds to statuses in one table.

export type ErrorKind = 'not_found' | 'forbidden' | 'unauthenticated' | 'conflict' | 'invalid_transition' | 'invalid_input' | 'rate_limited';

export class DomainError extends Error {
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFound extends DomainError {
  constructor(what: string) { super('not_found', `No such ${what}`); }
}
export class Forbidden extends DomainError {
  constructor() { super('forbidden', 'You do not have access to this'); }
}
export class Unauthenticated extends DomainError {
  constructor(message = 'Sign in first') { super('unauthenticated', message); }
}
export class Conflict extends DomainError {
  constructor(message: string) { super('conflict', message); }
}
export class InvalidTransition extends DomainError {
  constructor(message: string) { super('invalid_transition', message); }
}
