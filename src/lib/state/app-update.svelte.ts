/**
 * The service worker and its update prompt. A new version waits (registerType 'prompt') until
 * the person chooses to reload; it is never activated behind their back while they work.
 */
class AppUpdate {
  #needRefresh = $state(false);
  #offlineReady = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  get needRefresh(): boolean {
    return this.#needRefresh;
  }
  get offlineReady(): boolean {
    return this.#offlineReady;
  }

  /** Registers the service worker (browser only, once). */
  async register(): Promise<void> {
    if (this.#update || !('serviceWorker' in navigator)) return;
    const { registerSW } = await import('virtual:pwa-register');
    this.#update = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.#needRefresh = true),
      onOfflineReady: () => (this.#offlineReady = true)
    });
  }

  /** Activates the waiting version and reloads into it. */
  async apply(): Promise<void> {
    await this.#update?.(true);
  }

  later(): void {
    this.#needRefresh = false;
  }
}

export const appUpdate = new AppUpdate();
