// A review-lease holder as its own OS process, for the lease-fencing drill (lease-fencing.ts): it claims
// the review of an assignment and heartbeats every third of the lease, as the web client does, so a
// SIGSTOP is what makes its lease lapse.
//
//   node --import tsx lease-holder.ts <baseUrl> <token> <assignmentId> <leaseMs>
//
// stdout, one JSON line each: {"event":"claimed","fence":n} once the lease is held, then, after it
// reads the line "write" on stdin (sent while it is stopped, so it runs the moment it resumes), its three
// late writes with the old fence: {"event":"late","heartbeat":r,"decide":r,"release":r} where
// r = {"status":n,"code":string|null}. Then it exits.
import { createInterface } from 'node:readline';

const [baseUrl, token, assignmentId, leaseMsText] = process.argv.slice(2);
const leaseMs = Number(leaseMsText);

interface Answer {
  status: number;
  code: string | null;
  json: { fence?: number; error?: { code?: string } } | null;
}

/** POSTs a JSON body (none when undefined) and returns the status and the error code, if any. */
async function post(path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${baseUrl}/api/v1/assignments/${assignmentId}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Answer['json'] = null;
  try {
    json = text ? (JSON.parse(text) as Answer['json']) : null;
  } catch {
    json = null;
  }
  return { status: res.status, code: json?.error?.code ?? null, json };
}

const say = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

const claim = await post('/review/claim');
if (claim.status !== 200) {
  say({ event: 'claim-failed', status: claim.status, code: claim.code });
  process.exit(1);
}
const fence = claim.json?.fence;
const heartbeats = setInterval(() => void post('/review/heartbeat', { fence }).catch(() => undefined), Math.max(1, Math.floor(leaseMs / 3)));
say({ event: 'claimed', fence });

const input = createInterface({ input: process.stdin });
input.once('line', () => void lateWrites());

async function lateWrites() {
  clearInterval(heartbeats);
  input.close();
  const brief = ({ status, code }: Answer) => ({ status, code });
  // The decision is a rejection so that, were it stored, the taker's acceptance after it would fail too.
  const heartbeat = brief(await post('/review/heartbeat', { fence }));
  const decide = brief(await post('/review', { fence, decision: 'reject', reasonCode: 'incorrect_label' }));
  const release = brief(await post('/review/release', { fence }));
  say({ event: 'late', heartbeat, decide, release });
  process.exit(0);
}
