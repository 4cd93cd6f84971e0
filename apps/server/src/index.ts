export { type Config, configSchema, loadConfig } from './config.js';
export { allModules } from './modules.js';
export { createRuntime, type Runtime } from './runtime.js';
