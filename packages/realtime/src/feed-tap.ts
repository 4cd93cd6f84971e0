import type { EventDefinition, Logger } from '@brigade/kernel';
import type { EventTap } from '@brigade/messaging';
import type { Backplane } from './backplane.js';
import { channelKind } from './channels.js';

/**
 * Feeds the live updates straight from the outbox relay: each relayed event goes to the
 * channels its definition names, through the backplane to every process, before the relay
 * marks it sent. No queue, no inbox: a batch the relay sends twice reaches clients twice,
 * and they drop repeats by event_id.
 */
export function feedTap(events: EventDefinition[], backplane: Backplane, log: Logger): EventTap {
  const byType = new Map(events.map((event) => [event.type, event]));
  return async (envelopes) => {
    for (const envelope of envelopes) {
      const event = byType.get(envelope.type);
      if (!event) continue;
      const named = [...new Set(event.channels(envelope))];
      const channels = named.filter((channel) => channelKind(channel) !== null);
      if (channels.length < named.length) {
        // A programming error in the event's definition; holding the relay back would not fix it.
        log.error(
          { type: envelope.type, channels: named },
          'event names live-update channels that do not exist',
        );
      }
      if (channels.length > 0) await backplane.publish(envelope, channels);
    }
  };
}
