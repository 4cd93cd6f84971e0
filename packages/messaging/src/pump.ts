/**
 * Runs `drain` whenever woken and every `intervalMs`, never twice at once: a wake-up during a
 * drain runs one more drain right after it, so no signal is lost. The relay and the in-process
 * worker both work this way.
 */
export class Pump {
  #running = false;
  #again = false;
  #stopped = false;
  #started = false;
  #timer: NodeJS.Timeout | undefined;
  #current: Promise<void> = Promise.resolve();

  /** @param onInterval  what each interval does (default: wake) */
  constructor(
    private readonly drain: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onInterval: () => void = () => this.wake(),
  ) {}

  /** Drains now, and then on every interval. */
  start() {
    this.#started = true;
    this.#tick();
    this.wake();
  }

  /** Drains now (or right after the drain under way). Does nothing before start or after stop. */
  wake() {
    if (!this.#started || this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.#current = this.drain().finally(() => {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    });
  }

  get stopped() {
    return this.#stopped;
  }

  /** Resolves once no drain is under way. */
  async settled() {
    while (this.#running) await this.#current;
  }

  async stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.settled();
  }

  #tick() {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.onInterval();
      this.#tick();
    }, this.intervalMs);
    this.#timer.unref();
  }
}
