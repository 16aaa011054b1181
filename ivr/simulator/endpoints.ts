export type EndpointBehaviour = 'answer' | 'busy' | 'no-answer' | 'fail';

/** How long a virtual phone rings before it answers (simulated ms). */
export const ANSWER_AFTER_MS = 1000;
/** How soon a busy line reports busy. */
export const BUSY_AFTER_MS = 500;
/** How soon an unreachable endpoint fails. */
export const FAIL_AFTER_MS = 100;

/**
 * What each virtual phone does when rung: by exact address ('client:operator1', '+39…'),
 * else the '*' default, else it answers.
 */
export class Endpoints {
  private readonly behaviours = new Map<string, EndpointBehaviour>();

  set(address: string, behaviour: EndpointBehaviour): void {
    this.behaviours.set(address, behaviour);
  }

  of(address: string): EndpointBehaviour {
    return this.behaviours.get(address) ?? this.behaviours.get('*') ?? 'answer';
  }
}
