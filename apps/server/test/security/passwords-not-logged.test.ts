import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/backends.ts';
import { adminPassword } from '../helpers/test-server.ts';
import { closeOf, rawSocket } from '../helpers/yjs-client.ts';
import { startCapturedServer, tryLogin, type CapturedServer } from './server.ts';

/** A password no other text could contain by chance. */
const secret = (label: string) => `pw-${label}-${Math.random().toString(36).slice(2, 10)}-Zq9`;

/** Every way a secret could be spelled in a JSON log line. */
const spellings = (value: string) => [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)];

function expectNowhere(lines: string[], secrets: string[]): void {
  const text = lines.join('\n');
  for (const value of secrets) for (const spelling of spellings(value)) expect(text, `log contains ${value}`).not.toContain(spelling);
}

describe(`no password or token reaches the log (${backendName})`, () => {
  let t: CapturedServer;
  const answers: string[] = [];

  async function post(path: string, body: unknown, options: { token?: string; method?: string; raw?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(`${t.url}/api/v1${path}`, { method: options.method ?? 'POST', headers, body: options.raw ?? JSON.stringify(body) });
    const text = await res.text();
    answers.push(text);
    return { status: res.status, text };
  }

  beforeAll(async () => {
    t = await startCapturedServer({ overrides: { login: { maxFailuresPerAccount: 3, maxFailuresPerIp: 1000, windowMs: 60_000 } } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('[V9][A13] sign-in, user creation, password changes, tokens and failed validation never log a password or token', async () => {
    const admin = t.api!;
    const secrets: string[] = [adminPassword, admin.token];
    const email = `pat-${Date.now()}@example.test`;
    const created = secret('created');
    secrets.push(created);
    expect((await post('/users', { email, name: 'Pat', password: created }, { token: admin.token })).status).toBe(201);

    // Sign-in.
    const signedIn = await tryLogin(t.url, email, created);
    expect(signedIn.status).toBe(200);
    const session = signedIn.body.token!;
    secrets.push(session);

    // Password change: a wrong current password, then a real change.
    const wrongCurrent = secret('wrong-current');
    const changed = secret('changed');
    secrets.push(wrongCurrent, changed);
    expect((await post('/me', { currentPassword: wrongCurrent, password: changed }, { token: session, method: 'PATCH' })).status).toBe(403);
    expect((await post('/me', { currentPassword: created, password: changed }, { token: session, method: 'PATCH' })).status).toBe(200);

    // Failures up to the lockout, and the right password while locked.
    const wrong = [secret('wrong-1'), secret('wrong-2'), secret('wrong-3'), secret('wrong-4')];
    secrets.push(...wrong);
    const statuses = [];
    for (const guess of wrong) statuses.push((await tryLogin(t.url, email, guess)).status);
    statuses.push((await tryLogin(t.url, email, changed)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const unknownGuess = secret('unknown-user');
    secrets.push(unknownGuess);
    expect((await tryLogin(t.url, `nobody-${Date.now()}@example.test`, unknownGuess)).status).toBe(401);

    // Failed validation of bodies holding a password: none may be echoed in the answer either.
    const invalid = {
      extraKey: secret('extra-key'),
      tooLong: `${secret('too-long')}${'x'.repeat(300)}`,
      tooShort: 'short-Zq9',
      badEmail: secret('bad-email'),
      newTooShort: 'tiny-Zq9',
      truncated: secret('truncated'),
      wrongType: secret('wrong-type'),
    };
    secrets.push(...Object.values(invalid));
    const refusals = [
      await post('/auth/login', { email, password: invalid.extraKey, remember: true }),
      await post('/auth/login', { email, password: invalid.tooLong }),
      await post('/users', { email: `x-${Date.now()}@example.test`, name: 'X', password: invalid.tooShort }, { token: admin.token }),
      await post('/users', { email: 'not an e-mail', name: 'X', password: invalid.badEmail }, { token: admin.token }),
      await post('/me', { currentPassword: changed, password: invalid.newTooShort }, { token: session, method: 'PATCH' }),
      await post('/auth/login', null, { raw: `{"email":"${email}","password":"${invalid.truncated}"` }),
      await post('/auth/login', { email, password: { value: invalid.wrongType } }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400, 400]);
    for (const value of Object.values(invalid)) for (const answer of answers) expect(answer, `answer echoes ${value}`).not.toContain(value);

    // Tokens: an API token used on REST and on the Yjs socket (the token rides in the URL there).
    const apiToken = (await post('/me/tokens', { name: 'ci' }, { token: session })).text;
    const cpat = (JSON.parse(apiToken) as { token: string }).token;
    secrets.push(cpat);
    expect((await fetch(`${t.url}/api/v1/me`, { headers: { authorization: `Bearer ${cpat}` } })).status).toBe(200);
    expect((await closeOf(rawSocket(t.wsUrl, 'doc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', cpat))).code).toBeGreaterThan(0);
    const forged = `cs_${'Q'.repeat(43)}`;
    secrets.push(forged);
    expect((await closeOf(rawSocket(t.wsUrl, 'doc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', forged))).status).toBe(401);

    // The capture works: the failures were logged, just without their secrets.
    expect(t.logLines.filter((line) => line.includes('"sign-in failed"')).length).toBeGreaterThanOrEqual(4);
    expectNowhere(t.logLines, secrets);
    for (const answer of answers) expect(answer).not.toMatch(/scrypt\$|passwordHash/);
  });
});

describe(`the generated first admin password (${backendName})`, () => {
  it('[V9][B1] is returned once and never logged', async () => {
    const t = await startCapturedServer({ generatedAdmin: true });
    try {
      const generated = t.server.admin.generatedPassword!;
      expect(generated.length).toBeGreaterThanOrEqual(12);
      expect(t.logLines.some((line) => line.includes('created the first admin account'))).toBe(true);
      expectNowhere(t.logLines, [generated]);
    } finally {
      await t.dispose();
    }
  });
});
