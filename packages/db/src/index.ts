export * from './context.js';
export * from './database.js';
export * from './errors.js';
export * from './migrations.js';
export { openDatabase } from './open.js';
export { createPgliteTemplate } from './pglite.js';
export { beforeCommit } from './scopes.js';
export * from './sql.js';
