/**
 * Heap peaks of the page and of its workers, sampled through CDP (scenario 17).
 * performance.measureUserAgentSpecificMemory needs cross-origin isolation, which the app does not
 * have, so the bench asks V8 itself: `Runtime.getHeapUsage` on the page's session, and on each
 * worker through the page session's auto-attach (non-flattened: Playwright's CDPSession cannot
 * address flattened child sessions, so the worker's commands go by Target.sendMessageToTarget).
 * A worker busy in one long synchronous stretch answers late, so a peak inside it can be missed:
 * the figures are samples every `intervalMs`, not a trace.
 */
import type { CDPSession, Page } from '@playwright/test';

export interface HeapUsage {
  usedSize: number;
  totalSize: number;
}

export interface HeapPeaks {
  /** The largest `usedSize` seen on the page's main thread, bytes. */
  page_used: number;
  /** The largest `totalSize` (V8's heap as reserved) on the page, bytes. */
  page_total: number;
  /** The same for the workers (the app's one worker, whichever document started it). */
  worker_used: number;
  worker_total: number;
  samples: number;
}

export class HeapSampler {
  #cdp: CDPSession;
  #workers = new Set<string>();
  #pending = new Map<number, (usage: HeapUsage | null) => void>();
  #nextId = 1;
  #timer: ReturnType<typeof setInterval> | null = null;
  #peaks: HeapPeaks = zero();

  private constructor(cdp: CDPSession) {
    this.#cdp = cdp;
  }

  static async attach(page: Page): Promise<HeapSampler> {
    const cdp = await page.context().newCDPSession(page);
    const sampler = new HeapSampler(cdp);
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') sampler.#workers.add(e.sessionId);
    });
    cdp.on('Target.detachedFromTarget', (e) => sampler.#workers.delete(e.sessionId));
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const reply = JSON.parse(e.message) as { id?: number; result?: HeapUsage };
      const resolve = reply.id === undefined ? undefined : sampler.#pending.get(reply.id);
      if (!resolve) return;
      sampler.#pending.delete(reply.id!);
      resolve(reply.result ?? null);
    });
    await cdp.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false
    });
    return sampler;
  }

  /** Starts sampling every `intervalMs`; peaks are kept until `reset`. */
  start(intervalMs = 250): void {
    this.stop();
    this.#timer = setInterval(() => void this.sample(), intervalMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** The peaks since the last reset, and a fresh start. */
  reset(): HeapPeaks {
    const peaks = this.#peaks;
    this.#peaks = zero();
    return peaks;
  }

  async sample(): Promise<void> {
    const page = await this.#cdp.send('Runtime.getHeapUsage').catch(() => null as HeapUsage | null);
    const workers = await Promise.all([...this.#workers].map((s) => this.#workerUsage(s)));
    const p = this.#peaks;
    if (page) {
      p.page_used = Math.max(p.page_used, page.usedSize);
      p.page_total = Math.max(p.page_total, page.totalSize);
    }
    for (const w of workers) {
      if (!w) continue;
      p.worker_used = Math.max(p.worker_used, w.usedSize);
      p.worker_total = Math.max(p.worker_total, w.totalSize);
    }
    p.samples++;
  }

  #workerUsage(sessionId: string): Promise<HeapUsage | null> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      // A worker that never answers (closed with its page) must not hold the sample up forever.
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve(null);
      }, 10_000);
      this.#pending.set(id, (usage) => {
        clearTimeout(timer);
        resolve(usage);
      });
      const message = JSON.stringify({ id, method: 'Runtime.getHeapUsage' });
      this.#cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => {
        this.#pending.delete(id);
        clearTimeout(timer);
        resolve(null);
      });
    });
  }

  async detach(): Promise<void> {
    this.stop();
    await this.#cdp.detach().catch(() => undefined);
  }
}

function zero(): HeapPeaks {
  return { page_used: 0, page_total: 0, worker_used: 0, worker_total: 0, samples: 0 };
}
