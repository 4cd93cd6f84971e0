import { randomUUID } from 'node:crypto';
import type { SmsProvider } from './sms-provider.js';

/** Development only: writes each message, code included, to the log instead of sending it. */
export function consoleSms(log: { info(obj: object, msg: string): void }): SmsProvider {
  return {
    name: 'console',
    async send({ to, body }) {
      log.info({ to, body }, 'sms (console provider)');
      return { id: `console-${randomUUID()}` };
    },
  };
}
