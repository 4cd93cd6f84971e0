import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';

export interface FeedEvent {
  event_id: string;
  type: string;
  occurred_at?: string;
  payload: Record<string, unknown>;
}

type ServerMessage =
  | { op: 'subscribed'; channels: string[]; cursor: string }
  | { op: 'event'; channel: string; cursor: string; event: FeedEvent }
  | { op: 'resync_required'; channel: string; cursor: string }
  | { op: 'error'; code: string; message: string }
  | { op: 'pong' }
  | { op: 'unsubscribed' };

export type FeedStatus = 'connecting' | 'live' | 'offline';

export interface FeedOptions {
  /** The credential: a staff access token, a table's QR token or a tracking token. */
  token: () => Promise<string | null> | string | null;
  channels: string[];
  onEvent(event: FeedEvent, channel: string): void;
  /** Reload state over REST: after a resync_required, and after every reconnect. */
  onResync(): void;
  onStatus?(status: FeedStatus): void;
}

/**
 * The /api/v1/realtime WebSocket (docs/api.md § Live updates): subscribes, keeps the last
 * cursor, reconnects with backoff and resumes from that cursor, drops repeated event ids.
 */
export function openFeed(options: FeedOptions): () => void {
  let socket: WebSocket | null = null;
  let cursor: string | undefined;
  let attempt = 0;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  const seen = new Set<string>();

  const connect = async () => {
    let token: string | null = null;
    try {
      token = await options.token();
    } catch {
      token = null;
    }
    if (stopped) return;
    if (!token) {
      // Cannot sign the socket in right now (offline, refresh failed): try again later.
      options.onStatus?.('offline');
      retryTimer = setTimeout(connect, 5_000);
      return;
    }
    options.onStatus?.('connecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(
      `${scheme}://${location.host}/api/v1/realtime?access_token=${encodeURIComponent(token)}`,
    );
    socket = ws;
    ws.onopen = () => {
      ws.send(
        JSON.stringify({
          op: 'subscribe',
          channels: options.channels,
          ...(cursor && { resume_from: cursor }),
        }),
      );
      pingTimer = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"op":"ping"}'), 25_000);
    };
    ws.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as ServerMessage;
      if (data.op === 'subscribed') {
        const reconnected = attempt > 0 || cursor !== undefined;
        attempt = 0;
        cursor ??= data.cursor;
        options.onStatus?.('live');
        if (reconnected) options.onResync();
      } else if (data.op === 'event') {
        cursor = data.cursor;
        if (seen.has(data.event.event_id)) return;
        seen.add(data.event.event_id);
        if (seen.size > 1000) seen.delete(seen.values().next().value as string);
        options.onEvent(data.event, data.channel);
      } else if (data.op === 'resync_required') {
        cursor = data.cursor;
        options.onResync();
      }
    };
    ws.onclose = () => {
      clearInterval(pingTimer);
      if (stopped) return;
      options.onStatus?.('offline');
      const delay = Math.min(10_000, 500 * 2 ** attempt) * (0.75 + Math.random() / 2);
      attempt += 1;
      retryTimer = setTimeout(connect, delay);
    };
  };

  const wake = () => {
    // Back online: try at once rather than waiting out the backoff.
    if (socket?.readyState === WebSocket.CLOSED) {
      clearTimeout(retryTimer);
      void connect();
    }
  };
  window.addEventListener('online', wake);
  void connect();
  return () => {
    stopped = true;
    window.removeEventListener('online', wake);
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
    socket?.close();
  };
}

const refreshCoalesceMs = 100;

/**
 * The queries an event makes stale: the same for every event, or chosen by the event (`null`
 * after a reconnect that may have missed some: then every query the feed keeps fresh).
 */
export type Invalidation = readonly unknown[][] | ((event: FeedEvent | null) => readonly unknown[][]);

/**
 * Follows channels while mounted; every event and every reconnect refreshes the queries named
 * by `invalidate` (the REST state stays the source of truth), once per burst of events.
 * Returns the connection status.
 */
export function useLiveFeed(
  token: (() => Promise<string | null> | string | null) | null,
  channels: string[],
  invalidate: Invalidation,
  onEvent?: (event: FeedEvent) => void,
): FeedStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const latest = useRef({ token, invalidate, onEvent });
  latest.current = { token, invalidate, onEvent };
  const key = channels.join(',');
  const signedIn = token !== null;
  useEffect(() => {
    if (!signedIn || !key) return;
    // One refetch per burst: an order's events (placed, confirmed, its tickets …) arrive
    // together, and every phone at a table would otherwise ask once per event.
    let pending: ReturnType<typeof setTimeout> | undefined;
    let stale = new Map<string, readonly unknown[]>();
    const refresh = (event: FeedEvent | null) => {
      const { invalidate } = latest.current;
      for (const queryKey of typeof invalidate === 'function' ? invalidate(event) : invalidate) {
        stale.set(JSON.stringify(queryKey), queryKey);
      }
      clearTimeout(pending);
      pending = setTimeout(() => {
        const keys = [...stale.values()];
        stale = new Map();
        for (const queryKey of keys) void client.invalidateQueries({ queryKey });
      }, refreshCoalesceMs);
    };
    const close = openFeed({
      token: () => latest.current.token?.() ?? null,
      channels: key.split(','),
      onEvent(event) {
        latest.current.onEvent?.(event);
        refresh(event);
      },
      onResync: () => refresh(null),
      onStatus: setStatus,
    });
    return () => {
      clearTimeout(pending);
      close();
    };
  }, [client, key, signedIn]);
  return status;
}
