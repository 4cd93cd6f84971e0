export * from './clock.js';
export * from './config.js';
export * from './context.js';
export * from './errors.js';
export * from './ids.js';
export * from './module.js';
export * from './money.js';
export * from './time.js';
