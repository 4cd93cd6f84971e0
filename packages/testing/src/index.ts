export * from './app.js';
export * from './database.js';
export * from './deliver.js';
export * from './eventually.js';
export * from './fixtures.js';
export * from './principal.js';
