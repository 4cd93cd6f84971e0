import type { WebSocket } from 'ws';
import type { Caller } from './channels.js';
import { Connection, type ConnectionDeps } from './connection.js';
import { Fanout } from './fanout.js';

export interface HubOptions extends Omit<ConnectionDeps, 'fanout'> {
  /** How often connections are pinged; one that missed the previous pong is dropped. */
  heartbeatMs: number;
}

/** The realtime side of one process: its client connections, their heartbeat, and the feed. */
export class Hub {
  readonly #options: HubOptions;
  readonly #fanout = new Fanout();
  readonly #connections = new Set<Connection>();
  #live = false;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(options: HubOptions) {
    this.#options = options;
  }

  async start() {
    await this.#options.backplane.listen({
      message: (message) => this.#fanout.dispatch(message),
      live: () => {
        this.#live = true;
      },
      interrupted: () => {
        this.#live = false;
        // Events are lost to this process until the feed is back: clients resume elsewhere or later.
        for (const connection of this.#connections) {
          connection.close(1012, 'Realtime feed interrupted: reconnect and resume.');
        }
      },
    });
    this.#heartbeat = setInterval(() => {
      for (const connection of this.#connections) connection.heartbeat();
    }, this.#options.heartbeatMs);
    this.#heartbeat.unref();
  }

  accept(socket: WebSocket, caller: Caller) {
    if (!this.#live) {
      socket.close(1013, 'Realtime feed unavailable: try again shortly.');
      return;
    }
    const { metrics } = this.#options;
    const connection = new Connection(socket, caller, { ...this.#options, fanout: this.#fanout });
    this.#connections.add(connection);
    metrics.connections.inc();
    socket.on('close', () => {
      this.#connections.delete(connection);
      metrics.connections.dec();
    });
  }

  async close() {
    clearInterval(this.#heartbeat);
    await this.#options.backplane.close();
  }
}
