import type { TestServer } from '@concord/server/testing';
import { startTestServer } from '@concord/server/testing';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type Chromium, launchChromium } from './browser.ts';

/** What `POST /demo` answers: the demo projects and accounts (with fresh passwords). */
export interface Demo {
  projects: { id: string; name: string; taskType: string }[];
  users: { name: string; email: string; password: string }[];
}

/**
 * Registers the hooks of a browser suite on the seeded demo: one server with the demo made by the admin
 * (as the "create demo" button does), one Chromium whose contexts close after each test. Call it inside
 * `describe`; read `t`, `chrome` and `demo` from the returned object once the suite runs.
 * @example const env = useDemoInChromium(); it('…', async () => { const ada = env.account('ada'); });
 */
export function useDemoInChromium() {
  const env = {
    t: undefined as unknown as TestServer,
    chrome: undefined as unknown as Chromium,
    demo: undefined as unknown as Demo,
    /** The demo account whose e-mail starts with `key@` (ada, ben, quinn, max, …). */
    account(key: string) {
      const user = env.demo.users.find((u) => u.email.startsWith(`${key}@`));
      if (!user) throw new Error(`the demo has no account ${key}`);
      return user;
    },
  };
  beforeAll(async () => {
    env.t = await startTestServer();
    env.chrome = await launchChromium();
    env.demo = await env.t.api.call<Demo>('POST', '/demo');
  }, 180_000);
  afterEach(async () => {
    await env.chrome?.closeContexts();
  });
  afterAll(async () => {
    await env.chrome?.close();
    await env.t?.dispose();
  });
  return env;
}
