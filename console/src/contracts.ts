// The one arrow out of the console: console → server/contracts (DESIGN.md "The house").
export * from '../../server/contracts/index.js';
