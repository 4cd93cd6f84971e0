export * from './app.js';
export * from './database.js';
export * from './eventually.js';
export * from './fixtures.js';
export * from './principal.js';
