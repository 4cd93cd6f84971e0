import { once } from 'node:events';
import WebSocket, { type ClientOptions } from 'ws';
import type { ServerMessage } from '../src/index.js';

/** A WebSocket client that records what the server sends and reads it back in order. */
export class TestClient {
  readonly socket: WebSocket;
  readonly received: ServerMessage[] = [];
  #read = 0;
  #arrived: (() => void) | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      this.received.push(JSON.parse(String(data)));
      this.#arrived?.();
    });
  }

  static async connect(url: string, options: ClientOptions = {}) {
    const client = new TestClient(new WebSocket(url, options));
    await once(client.socket, 'open');
    return client;
  }

  send(message: object | string) {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message not read yet, waiting for it if needed. */
  async next(timeoutMs = 5_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    while (this.#read >= this.received.length) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no message within ${timeoutMs} ms (read ${this.#read})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#arrived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.received[this.#read++]!;
  }

  async take(count: number) {
    const messages: ServerMessage[] = [];
    for (let index = 0; index < count; index++) messages.push(await this.next());
    return messages;
  }

  /** Sends a request and returns the first reply to it. */
  async request(message: object | string) {
    this.send(message);
    return this.next();
  }

  /** Nothing more arrives (a ping round trip proves the server has handled everything before it). */
  async expectNothingMore() {
    this.send({ op: 'ping' });
    const reply = await this.next();
    if (reply.op !== 'pong') throw new Error(`expected nothing more, got ${JSON.stringify(reply)}`);
  }

  async close() {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await once(this.socket, 'close');
  }
}
