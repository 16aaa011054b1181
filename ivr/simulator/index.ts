export { Simulator } from './simulator.js';
export type {
  CallDirection,
  CallStatus,
  EndpointBehaviour,
  HangupBy,
  NodeHandler,
  QueueResult,
  RequestPurpose,
  SimCall,
  SimCallView,
  SimEvent,
  SimEventBody,
  SimEventOf,
  SimulatorOptions,
  WebhookPurpose,
  WebhookTiming,
} from './simulator.js';
export { APPLICATION_ERROR } from './interpreter.js';
