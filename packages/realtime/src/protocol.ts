import type { EventEnvelope } from '@brigade/kernel';
import { z } from 'zod';
import type { FeedEvent } from './backplane.js';
import { cursorPattern } from './cursor.js';

const channels = z.array(z.string().max(200)).min(1);

/** What a client may send, as JSON text frames. */
export const clientMessageSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('subscribe'),
    channels,
    /** The last cursor the client received: it gets every event of these channels after it. */
    resume_from: z.string().regex(cursorPattern, 'a cursor from an earlier message').optional(),
  }),
  z.object({ op: z.literal('unsubscribe'), channels }),
  z.object({ op: z.literal('ping') }),
]);

export type ClientMessage = z.output<typeof clientMessageSchema>;

export type ErrorCode =
  | 'invalid_message'
  | 'unknown_channel'
  | 'forbidden_channel'
  | 'tenant_required'
  | 'too_many_channels'
  | 'unavailable';

/** What the server sends, as JSON text frames. */
export type ServerMessage =
  | { op: 'subscribed'; channels: string[]; cursor: string }
  | { op: 'unsubscribed'; channels: string[] }
  | { op: 'event'; channel: string; cursor: string; event: EventEnvelope }
  /** Events of the channel were lost to the client: reload its state, then go on from `cursor`. */
  | { op: 'resync_required'; channel: string; cursor: string }
  | { op: 'error'; code: ErrorCode; message: string; channels?: string[] }
  | { op: 'pong' };

export type ServerOp = ServerMessage['op'];

/** Serialized once per channel and shared by every connection that follows it. */
export function eventFrame(channel: string, { cursor, envelope }: FeedEvent): string {
  return JSON.stringify({ op: 'event', channel, cursor, event: envelope } satisfies ServerMessage);
}

export function parseClientMessage(text: string): ClientMessage | { invalid: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { invalid: 'Messages are JSON objects.' };
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { invalid: `${where}${issue?.message ?? 'invalid message'} (ops: subscribe, unsubscribe, ping).` };
}
