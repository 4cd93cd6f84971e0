import type { FeedMessage } from './backplane.js';
import { eventFrame } from './protocol.js';
import type { Subscription } from './subscription.js';

const key = (tenantId: string, channel: string) => `${tenantId}/${channel}`;

/** This process's subscriptions by tenant channel: hands each event to those that follow it. */
export class Fanout {
  readonly #subscriptions = new Map<string, Set<Subscription>>();

  add(tenantId: string, channel: string, subscription: Subscription) {
    const subscriptions = this.#subscriptions.get(key(tenantId, channel)) ?? new Set();
    subscriptions.add(subscription);
    this.#subscriptions.set(key(tenantId, channel), subscriptions);
  }

  remove(tenantId: string, channel: string, subscription: Subscription) {
    const subscriptions = this.#subscriptions.get(key(tenantId, channel));
    subscriptions?.delete(subscription);
    if (subscriptions?.size === 0) this.#subscriptions.delete(key(tenantId, channel));
  }

  dispatch(message: FeedMessage) {
    for (const channel of message.channels) {
      const subscriptions = this.#subscriptions.get(key(message.envelope.tenant_id, channel));
      if (!subscriptions) continue;
      const frame = eventFrame(channel, message);
      for (const subscription of subscriptions) subscription.receive(message.cursor, frame);
    }
  }
}
