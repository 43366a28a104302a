// Debian's chromium driven by playwright-core, both installed by setup.sh (playwright-core from
// the cache folder, so `npm ci` does not carry it). `npx playwright install` cannot work here:
// it downloads a browser build; this launches the system one with the flags that keep it off
// the closed network.
import { createRequire } from 'node:module';
import { CHROMIUM, PLAYWRIGHT_CORE } from './cache';

/** The part of Playwright's API these tests use (its types live with the package, in the cache). */
export interface Locator {
  click(options?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  hover(options?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  fill(value: string): Promise<void>;
  innerText(): Promise<string>;
  count(): Promise<number>;
  isVisible(): Promise<boolean>;
  first(): Locator;
  last(): Locator;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
}

export interface Page {
  goto(url: string, options?: { timeout?: number }): Promise<unknown>;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean }): Locator;
  /** An expression evaluated in the page (a string, so no bundler helper reaches the page). */
  evaluate<R>(expression: string): Promise<R>;
  addInitScript(script: { path: string }): Promise<void>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<Buffer>;
  waitForTimeout(ms: number): Promise<void>;
  keyboard: {
    press(key: string, options?: { delay?: number }): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
  };
  mouse: { move(x: number, y: number, options?: { steps?: number }): Promise<void> };
  on(event: 'console' | 'pageerror', listener: (value: { text?: () => string; type?: () => string; message?: string }) => void): void;
}

export interface Browser {
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

interface PlaywrightCore {
  chromium: { launch(options: { executablePath: string; args: string[]; timeout?: number }): Promise<Browser> };
}

/** The flags this machine kind needs (see the machine notes): without the networking ones
 * Chromium keeps trying hosts it cannot reach. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Each launch gets a new empty profile: Playwright makes one per launch and deletes it on close. */
export async function launchChromium(): Promise<Browser> {
  const playwright = createRequire(__filename)(PLAYWRIGHT_CORE) as PlaywrightCore;
  return playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
}
