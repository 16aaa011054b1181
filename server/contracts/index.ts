export * from './enums.js';
export * from './session.js';
export * from './contacts.js';
export * from './realtime.js';
export * from './settings.js';
export * from './blocks.js';
export * from './routing.js';
