import { type EventEnvelope, eventEnvelopeSchema } from '@brigade/kernel';
import type { ConfirmChannel, Message } from 'amqplib';

/** Headers of an event that failed: attempts made so far, the last error, and when it was dead-lettered. */
export interface FailureHeaders {
  attempts: number;
  last_error: string;
  dead_at?: string;
}

export interface OutgoingMessage {
  exchange: string;
  routingKey: string;
  envelope: EventEnvelope;
  /** The JSON envelope; retries and replays pass on the bytes first published. */
  content: Buffer;
  headers?: FailureHeaders;
  expirationMs?: number;
}

/** An event as received: the envelope, its bytes, and the headers a failure added. */
export interface ReceivedEvent {
  envelope: EventEnvelope;
  content: Buffer;
  attempts: number;
  lastError: string | null;
  deadAt: string | null;
}

export const encodeEnvelope = (envelope: EventEnvelope) => Buffer.from(JSON.stringify(envelope));

// Unknown fields stay: a newer producer's envelope reaches subscribers and the DLQ intact.
const envelopeSchema = eventEnvelopeSchema.loose();

/** Reads a message this transport published; null when its body is not an event envelope. */
export function readEvent(message: Message): ReceivedEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) return null;
  const headers: Record<string, unknown> = message.properties.headers ?? {};
  const { attempts, last_error: lastError, dead_at: deadAt } = headers;
  return {
    envelope: parsed.data,
    content: message.content,
    attempts: typeof attempts === 'number' ? attempts : 0,
    lastError: typeof lastError === 'string' ? lastError : null,
    deadAt: typeof deadAt === 'string' ? deadAt : null,
  };
}

/**
 * Publishes every message, then waits for all their confirms at once (awaiting each in turn
 * is ~20x slower). Per-message confirm callbacks rather than `waitForConfirms()`: the channel
 * is shared, and only this batch's confirms matter — another caller's nack must not fail it.
 * Rejects when any is nacked, when the channel closes first, or after `timeoutMs` (a confirm
 * lost with a half-dead connection) — the caller then publishes again, the inbox absorbs
 * the duplicates.
 */
export async function publishConfirmed(
  channel: ConfirmChannel,
  messages: OutgoingMessage[],
  timeoutMs: number,
) {
  const confirms = messages.map(
    (message) =>
      new Promise<void>((resolve, reject) => {
        channel.publish(
          message.exchange,
          message.routingKey,
          message.content,
          {
            persistent: true,
            messageId: message.envelope.event_id,
            type: message.envelope.type,
            contentType: 'application/json',
            ...(message.headers && { headers: message.headers }),
            ...(message.expirationMs !== undefined && { expiration: String(message.expirationMs) }),
          },
          (error: Error | null) => (error ? reject(error) : resolve()),
        );
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no broker confirm within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.all(confirms), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
