/**
 * The service worker and its update prompt, and reloads the page must make. A new version waits
 * (registerType 'prompt') until the person chooses to reload; it is never activated behind their
 * back while they work. Whatever asks for a reload (this tab's "Reload to update", another tab
 * activating the new version, another tab upgrading the database) waits for a running import to
 * finish first, with a banner saying so (ReloadBanner.svelte).
 */
import type { SchemaEvent } from '../db/schema-change';
import { onSchemaEvent } from '../worker/client';
import { importJob } from './import-job.svelte';

/** Why the page will reload: a new version took over, or another tab upgraded the database. */
export type ReloadReason = 'update' | 'schema';

class AppUpdate {
  #needRefresh = $state(false);
  #offlineReady = $state(false);
  #reloading = $state<ReloadReason | null>(null);
  #blocked = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | null = null;
  #listening = false;

  get needRefresh(): boolean {
    return this.#needRefresh;
  }
  get offlineReady(): boolean {
    return this.#offlineReady;
  }
  /** A reload is on its way (after the running import, if any). */
  get reloading(): ReloadReason | null {
    return this.#reloading;
  }
  /** This tab's database upgrade waits for other tabs holding the older version open. */
  get blocked(): boolean {
    return this.#blocked;
  }

  /** Registers the service worker (browser only, once) and listens for schema changes. */
  async register(): Promise<void> {
    if (!this.#listening) {
      this.#listening = true;
      onSchemaEvent((event) => this.#onSchema(event));
    }
    if (this.#update || !('serviceWorker' in navigator)) return;
    const { registerSW } = await import('virtual:pwa-register');
    this.#update = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.#needRefresh = true),
      onOfflineReady: () => (this.#offlineReady = true),
      // The new version controls this tab now (this tab or another one applied it). Without this
      // hook the plugin reloads at once, dropping an import under way.
      onNeedReload: () => void this.reloadWhenIdle('update')
    });
  }

  /** Activates the waiting version (once no import runs); the reload follows via onNeedReload. */
  async apply(): Promise<void> {
    await importJob.whenIdle();
    await this.#update?.(true);
  }

  later(): void {
    this.#needRefresh = false;
  }

  /** Reloads the page once no import is running; the banner says why meanwhile. */
  async reloadWhenIdle(reason: ReloadReason): Promise<void> {
    if (this.#reloading) return;
    this.#reloading = reason;
    await importJob.whenIdle();
    location.reload();
  }

  #onSchema(event: SchemaEvent): void {
    if (event.kind === 'upgrade-elsewhere') void this.reloadWhenIdle('schema');
    else if (event.kind === 'blocked') this.#blocked = true;
    else if (event.kind === 'opened') this.#blocked = false;
  }
}

export const appUpdate = new AppUpdate();
