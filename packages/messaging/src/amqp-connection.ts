import amqp, { type ChannelModel } from 'amqplib';

export interface AmqpConnectionOptions {
  url: string;
  /** Shown by the broker as the connection's name, to tell this process's connections apart. */
  name?: string;
  /** Called with each failure to connect or lost connection, before the next attempt. */
  onError?: (error: Error, attempt: number) => void;
  /** Backoff ceiling in milliseconds. */
  maxDelayMs?: number;
}

/** Sets a freshly opened connection up (declare topology, start consumers); throwing makes it reconnect. */
export type OpenListener = (connection: ChannelModel) => Promise<void>;

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * One long-lived AMQP connection that reconnects by itself with exponential backoff and
 * jitter after the broker goes away. `current()` is the open connection, or null while down.
 * Every (re)opened connection first runs the `onOpen` listeners; one that fails closes it,
 * and the next attempt follows the same backoff.
 */
export class AmqpConnection {
  #connection: ChannelModel | null = null;
  #closing = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #lastError: Error | undefined;
  #listeners = new Set<OpenListener>();
  #firstOpen: Promise<void>;
  #resolveFirst!: () => void;

  constructor(private readonly options: AmqpConnectionOptions) {
    this.#firstOpen = new Promise((resolve) => {
      this.#resolveFirst = resolve;
    });
    void this.#connect();
  }

  current(): ChannelModel | null {
    return this.#connection;
  }

  /** Resolves once the first connection is open and set up (or never, while the broker stays down). */
  opened(): Promise<void> {
    return this.#firstOpen;
  }

  /**
   * Runs `listener` on every connection opened from now on, and on the open one if any.
   * Returns a function that removes it.
   */
  onOpen(listener: OpenListener): () => void {
    this.#listeners.add(listener);
    const open = this.#connection;
    if (open) void listener(open).catch((error: unknown) => this.discard(open, asError(error)));
    return () => this.#listeners.delete(listener);
  }

  /**
   * Closes `connection` if it is still the current one, so that the reconnect cycle replaces
   * it: for a user who found it unusable (a channel closed by the broker, a confirm lost).
   */
  discard(connection: ChannelModel, reason: Error) {
    if (this.#connection !== connection) return;
    this.#lastError = reason;
    // Its 'close' event schedules the reconnect; failing to close means it is gone already.
    connection.close().catch(() => undefined);
  }

  async check(): Promise<void> {
    if (!this.#connection) throw new Error('not connected to the broker');
    // Opening and closing a channel proves the broker answers, not just that a socket is open.
    const channel = await this.#connection.createChannel();
    await channel.close();
  }

  async close(): Promise<void> {
    this.#closing = true;
    clearTimeout(this.#timer);
    const connection = this.#connection;
    this.#connection = null;
    // Closing a connection the broker already dropped fails, and that is the outcome wanted.
    await connection?.close().catch(() => undefined);
  }

  async #connect() {
    if (this.#closing) return;
    let connection: ChannelModel;
    try {
      connection = await amqp.connect(this.options.url, {
        clientProperties: { connection_name: this.options.name ?? 'brigade' },
      });
    } catch (error) {
      this.#schedule(asError(error));
      return;
    }
    if (this.#closing) {
      await connection.close();
      return;
    }
    this.#lastError = undefined;
    // An 'error' is always followed by 'close', which reports it and reconnects.
    connection.on('error', (error: Error) => {
      this.#lastError = error;
    });
    connection.on('close', () => {
      if (this.#connection === connection) this.#connection = null;
      this.#schedule(this.#lastError ?? new Error('broker connection closed'));
    });
    this.#connection = connection;
    try {
      // A snapshot: a listener added meanwhile was run on this connection by `onOpen` already.
      for (const listener of [...this.#listeners]) await listener(connection);
    } catch (error) {
      this.discard(connection, asError(error));
      return;
    }
    this.#attempt = 0;
    this.#resolveFirst();
  }

  #schedule(error: Error) {
    if (this.#closing) return;
    this.#attempt += 1;
    this.options.onError?.(error, this.#attempt);
    const ceiling = Math.min(this.options.maxDelayMs ?? 30_000, 500 * 2 ** Math.min(this.#attempt, 10));
    this.#timer = setTimeout(() => void this.#connect(), ceiling / 2 + Math.random() * (ceiling / 2));
    this.#timer.unref();
  }
}
