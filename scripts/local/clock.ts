/**
 * The local backend's business clock. It decides what "now" is for deadlines and the
 * workflow's timed waits: the gateway stamps requests with it (`requestContext.timeEpoch`)
 * and the local Step Functions gives it as `$$.State.EnteredTime` and times callback waits by
 * it. Request signing, presigned URL expiry and token expiry keep real time.
 *
 * It starts at `start` (CLOCK_START) and runs at `speed` business seconds per real second
 * (CLOCK_SPEED; 0 stops it, so only `advance`/`set` move it, as the tests do).
 */
export interface ClockSettings {
  readonly start?: Date;
  readonly speed?: number;
}

interface Timer {
  readonly at: number;
  readonly fire: () => void;
  handle?: NodeJS.Timeout;
}

/** setTimeout's limit; longer timers are re-armed when they wake. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class BusinessClock {
  private anchorReal = Date.now();
  private anchorBusiness: number;
  readonly speed: number;
  private readonly timers = new Set<Timer>();

  constructor(settings: ClockSettings = {}) {
    this.anchorBusiness = settings.start?.getTime() ?? this.anchorReal;
    this.speed = settings.speed ?? 1;
    if (!Number.isFinite(this.speed) || this.speed < 0) throw new RangeError('clock speed must be >= 0');
  }

  /** True when the clock is real time (no CLOCK_START, speed 1). */
  get isReal(): boolean {
    return this.speed === 1 && Math.abs(this.anchorBusiness - this.anchorReal) < 1000;
  }

  now(): Date {
    return new Date(this.anchorBusiness + (Date.now() - this.anchorReal) * this.speed);
  }

  /** Moves the clock to an instant (forward only: business time never runs backwards). */
  set(instant: Date): void {
    const target = instant.getTime();
    if (target < this.now().getTime()) throw new RangeError('the business clock only moves forward');
    this.anchorReal = Date.now();
    this.anchorBusiness = target;
    for (const timer of [...this.timers].sort((a, b) => a.at - b.at)) this.arm(timer);
  }

  advance(milliseconds: number): void {
    this.set(new Date(this.now().getTime() + milliseconds));
  }

  /** Calls `fire` once the clock reaches `at`; returns a cancel function. */
  at(instant: Date, fire: () => void): () => void {
    const timer: Timer = { at: instant.getTime(), fire };
    this.timers.add(timer);
    this.arm(timer);
    return () => {
      clearTimeout(timer.handle);
      this.timers.delete(timer);
    };
  }

  private arm(timer: Timer): void {
    clearTimeout(timer.handle);
    const remaining = timer.at - this.now().getTime();
    if (remaining <= 0) {
      this.timers.delete(timer);
      // Asynchronously, in the order armed: each wakes an independent wait.
      setImmediate(timer.fire);
      return;
    }
    if (this.speed === 0) return; // a stopped clock wakes timers only when moved
    timer.handle = setTimeout(
      () => this.arm(timer),
      Math.min(MAX_TIMER_MS, Math.ceil(remaining / this.speed)),
    );
    timer.handle.unref?.();
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer.handle);
    this.timers.clear();
  }
}

/** CLOCK_START and CLOCK_SPEED from the environment, with a clear message when malformed. */
export function clockSettingsFromEnv(environment: NodeJS.ProcessEnv): ClockSettings {
  const settings: { start?: Date; speed?: number } = {};
  const start = environment.CLOCK_START;
  if (start) {
    const parsed = Date.parse(start);
    if (
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(start) ||
      Number.isNaN(parsed)
    ) {
      throw new Error(
        `CLOCK_START must be an ISO 8601 instant with a zone, e.g. 2026-09-29T09:00:00+08:00 (got "${start}")`,
      );
    }
    settings.start = new Date(parsed);
  }
  const speed = environment.CLOCK_SPEED;
  if (speed !== undefined && speed !== '') {
    const parsed = Number(speed);
    if (!Number.isFinite(parsed) || parsed < 0) {
      throw new Error(`CLOCK_SPEED must be a number >= 0: business seconds per real second (got "${speed}")`);
    }
    settings.speed = parsed;
  }
  return settings;
}
