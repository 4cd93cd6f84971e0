import { identityErrors as fail } from '../contract/errors.js';
import type { IdentityOptions } from '../options.js';
import { consoleSms } from './console-sms.js';
import type { SmsProvider } from './sms-provider.js';
import { twilioSms } from './twilio-sms.js';

const disabledSms: SmsProvider = {
  name: 'disabled',
  async send() {
    throw fail('sms_unavailable', 'Text messages are not configured here (SMS_PROVIDER).');
  },
};

/** The SMS provider the configuration names; one per process (the Twilio adapter keeps a circuit breaker). */
export function smsProviderFor(
  sms: IdentityOptions['sms'],
  log: { info(obj: object, msg: string): void },
): SmsProvider {
  switch (sms.provider) {
    case 'console':
      return consoleSms(log);
    case 'disabled':
      return disabledSms;
    case 'twilio':
      return twilioSms(sms);
  }
}
