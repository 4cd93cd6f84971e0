export * from './channels.js';
export type { Cursor } from './cursor.js';
export type { ClientMessage, ErrorCode, ServerMessage } from './protocol.js';
export * from './realtime.js';
export type { Authenticate } from './realtime.routes.js';
