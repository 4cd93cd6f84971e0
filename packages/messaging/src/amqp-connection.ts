import amqp, { type ChannelModel } from 'amqplib';

export interface AmqpConnectionOptions {
  url: string;
  /** Called with each failure to connect or lost connection, before the next attempt. */
  onError?: (error: Error, attempt: number) => void;
  /** Backoff ceiling in milliseconds. */
  maxDelayMs?: number;
}

/**
 * One long-lived AMQP connection that reconnects by itself with exponential backoff and
 * jitter after the broker goes away. `current()` is the open connection, or null while down.
 */
export class AmqpConnection {
  #connection: ChannelModel | null = null;
  #closing = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
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

  /** Resolves once the first connection is open (or never, while the broker stays down). */
  opened(): Promise<void> {
    return this.#firstOpen;
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
    await connection?.close().catch(() => undefined);
  }

  async #connect() {
    if (this.#closing) return;
    try {
      const connection = await amqp.connect(this.options.url);
      if (this.#closing) {
        await connection.close();
        return;
      }
      this.#attempt = 0;
      this.#connection = connection;
      connection.on('error', () => undefined);
      connection.on('close', () => {
        this.#connection = null;
        this.#schedule(new Error('broker connection closed'));
      });
      this.#resolveFirst();
    } catch (error) {
      this.#schedule(error as Error);
    }
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
