import { type Api, createApi, makePng, type TestServer } from '@concord/server/testing';
import type { BrowserContext } from 'playwright-core';
import type { Demo } from './demo-fixture.ts';

/** Markup that runs script if it is ever parsed as HTML rather than shown as text. */
export const payloads = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', '"><svg onload=alert(3)>'] as const;
/** Where a string can become a link. */
export const scriptUrl = 'javascript:alert(4)';
/** Markdown-ish and Svelte-ish text, for the fields that are documented as Markdown. */
export const markdownish = `[click me](${scriptUrl}) {@html '<img src=x onerror=alert(5)>'} <b onmouseover=alert(6)>bold</b>`;

/** `label` followed by one of the payloads, in turn, so every field gets its own findable string. */
export function hostileNamer() {
  let next = 0;
  return (label: string) => `${label} ${payloads[next++ % payloads.length]}`;
}

/** Every hostile string the seed stored, by where it went, and the ids needed to reach the pages that show them. */
/** A demo account renamed: its sign-in, hostile name and API client. */
export interface Person {
  email: string;
  password: string;
  name: string;
  api: Api;
}

export interface HostileWorld {
  /** The bootstrap admin's new display name. */
  adminName: string;
  users: Record<string, Person>;
  projects: Record<'preference' | 'instruction' | 'alignment' | 'quality', { id: string; name: string; description: string }>;
  rubric: { name: string; description: string };
  label: string;
  guidelines: string;
  preference: { itemId: string; documentId: string; prompt: string; responses: string[]; modelId: string; rationale: string };
  instruction: { itemId: string; documentId: string; turns: string[]; summary: string; speaker: string };
  alignment: { itemId: string; documentId: string; caption: string; question: string; answer: string; description: string; mediaName: string };
  review: { projectId: string; name: string; inReview: string; returnedItemId: string; returnComment: string; items: [string, string, string]; dispute: { id: string; comment: string } };
  calibration: { id: string; title: string };
  /** A revealed session on a hostile gold answer. */
  revealed: { id: string; title: string; answer: string };
  /** An API token of Ada's. */
  tokenName: string;
  guidelineUrlRefused: number;
}

/** Records every CSP violation a page reports, in `window.__violations`, from before any page script runs. */
export async function recordViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
}

export const demoKeys = ['ada', 'ben', 'cleo', 'dev', 'rita', 'quinn', 'tess', 'max', 'vera'] as const;

/**
 * Turns the seeded demo hostile through the REST API: every account's display name, every project's name
 * and description, rubric criteria and region label names, guidelines, a new item of each task type with
 * payloads in every text field (seed and pre-label), a media file with a hostile name, a dispute comment
 * and a calibration session title.
 */
export async function seedHostile(t: TestServer, demo: Demo): Promise<HostileWorld> {
  const hostile = hostileNamer();
  const admin = t.api;

  const adminName = hostile('admin');
  await admin.call('PATCH', '/me', { name: adminName });
  const users: HostileWorld['users'] = {};
  const { items: allUsers } = await admin.call<{ items: { id: string; email: string }[] }>('GET', '/users?limit=100');
  for (const key of demoKeys) {
    const account = demo.users.find((u) => u.email.startsWith(`${key}@`))!;
    const id = allUsers.find((u) => u.email === account.email)!.id;
    const name = hostile(key);
    await admin.call('PATCH', `/users/${id}`, { name });
    users[key] = { email: account.email, password: account.password, name, api: await createApi(t.url, account.email, account.password) };
  }

  const projectOf = (predicate: (p: Demo['projects'][number]) => boolean) => demo.projects.find(predicate)!.id;
  const ids = {
    preference: projectOf((p) => p.name === 'Demo · RLHF preference'),
    instruction: projectOf((p) => p.taskType === 'instruction'),
    alignment: projectOf((p) => p.taskType === 'alignment'),
    quality: projectOf((p) => p.name === 'Demo · Quality and calibration'),
  };
  const projects = {} as HostileWorld['projects'];
  for (const [key, id] of Object.entries(ids) as [keyof typeof ids, string][]) {
    const change = { name: hostile(`project ${key}`), description: hostile(`about ${key}`) };
    await admin.call('PATCH', `/projects/${id}`, change);
    projects[key] = { id, ...change };
  }

  const guidelines = `${hostile('guidelines')} ${markdownish}`;
  const rubric = { name: hostile('criterion'), description: hostile('criterion help') };
  const { config: preferenceConfig } = await admin.call<{ config: { rubric: { name: string; description: string }[] } }>('GET', `/projects/${ids.preference}/config`);
  await admin.updateConfig(ids.preference, {
    guidelines: { text: guidelines, url: 'https://example.test/guide' },
    rubric: preferenceConfig.rubric.map((c, i) => (i === 0 ? { ...c, ...rubric } : c)),
  });
  const guidelineUrlRefused = await refusedStatus(() => admin.updateConfig(ids.preference, { guidelines: { text: '', url: scriptUrl } }));

  const label = hostile('label');
  const { config: alignmentConfig } = await admin.call<{ config: { labels: { id: string; name: string }[] } }>('GET', `/projects/${ids.alignment}/config`);
  const labelId = alignmentConfig.labels[0]!.id;
  await admin.updateConfig(ids.alignment, {
    guidelines: { text: guidelines, url: null },
    labels: alignmentConfig.labels.map((l, i) => (i === 0 ? { ...l, name: label } : l)),
  });

  const preference = await preferenceItem(admin, ids.preference, hostile);
  const instruction = await instructionItem(admin, ids.instruction, hostile);
  const alignment = await alignmentItem(admin, ids.alignment, labelId, hostile);
  const review = await reviewAndDispute(admin, { annotator: users.ada!, reviewer: users.rita! }, {
    project: hostile('project reviewed'),
    items: [hostile('first item'), hostile('second item'), hostile('third item')],
    returnComment: hostile('return comment'),
    disputeComment: hostile('dispute comment'),
  });
  const calibration = await createCalibration(admin, ids.quality, hostile('session'));
  const revealed = await revealedCalibration(admin, review.projectId, users.ada!, hostile);
  const tokenName = hostile('token');
  await users.ada!.api.call('POST', '/me/tokens', { name: tokenName });

  return { adminName, users, projects, rubric, label, guidelines, preference, instruction, alignment, review, calibration, revealed, tokenName, guidelineUrlRefused };
}

async function refusedStatus(attempt: () => Promise<unknown>): Promise<number> {
  try {
    await attempt();
    return 200;
  } catch (error) {
    return Number(/→ (\d{3})/.exec(String(error))?.[1] ?? 0);
  }
}

async function preferenceItem(admin: Api, projectId: string, hostile: (label: string) => string) {
  const prompt = hostile('prompt');
  const responses = [hostile('response one'), hostile('response two')];
  const modelId = hostile('model');
  const rationale = hostile('rationale');
  const item = await admin.createItem(projectId, {
    externalId: 'xss-preference',
    seed: { taskType: 'preference', prompt: { text: prompt, media: [] }, responses: responses.map((text) => ({ modelId, text })) },
    prelabel: { modelId, rationale },
  });
  return { itemId: item.id, documentId: item.documentId, prompt, responses, modelId, rationale };
}

async function instructionItem(admin: Api, projectId: string, hostile: (label: string) => string) {
  const turns = [hostile('user turn'), hostile('assistant turn')];
  const summary = hostile('summary');
  const speaker = hostile('speaker');
  const item = await admin.createItem(projectId, {
    externalId: 'xss-instruction',
    seed: { taskType: 'instruction', media: [], turns: [{ role: 'user', text: turns[0] }] },
    prelabel: { modelId: 'vlm', turns: [{ role: 'assistant', text: turns[1] }], summary, transcript: [{ start: 0, end: 1, speaker, text: hostile('transcript') }] },
  });
  return { itemId: item.id, documentId: item.documentId, turns, summary, speaker };
}

async function alignmentItem(admin: Api, projectId: string, labelId: string, hostile: (label: string) => string) {
  const mediaName = `${payloads[0]}.png`;
  const [image] = await admin.uploadMedia(projectId, [{ name: mediaName, bytes: makePng(8, 6, { paint: () => [30, 60, 220, 255] }), type: 'image/png' }]);
  const caption = hostile('caption');
  const question = hostile('question');
  const answer = hostile('answer');
  const description = hostile('region description');
  const item = await admin.createItem(projectId, {
    externalId: 'xss-alignment',
    seed: { taskType: 'alignment', image: { mediaId: image!.id, width: 8, height: 6 }, caption },
    prelabel: {
      modelId: 'vlm',
      regions: [{ ref: 'r1', label: labelId, shape: { kind: 'box', x: 1, y: 1, w: 4, h: 3 } }],
      links: [{ start: 0, end: 7, region: 'r1' }],
      vqa: [{ question, answer, evidence: ['r1'] }],
      descriptions: [{ region: 'r1', text: description }],
    },
  });
  return { itemId: item.id, documentId: item.documentId, caption, question, answer, description, mediaName };
}

/**
 * A reviewed instruction project: Ada submits three items through the queue (the seeded text and style are
 * valid as they are); Rita returns the first with `returnComment`; the admin opens a dispute on the second
 * with `disputeComment`; the third waits for review.
 */
async function reviewAndDispute(
  admin: Api,
  people: { annotator: Person; reviewer: Person },
  text: { project: string; items: [string, string, string]; returnComment: string; disputeComment: string },
) {
  const { id: projectId } = await admin.createProject(text.project, 'instruction');
  await admin.call('PUT', `/projects/${projectId}/workflow`, { review: true, overlap: 1 });
  await admin.addMember(projectId, people.annotator.api.userId, 'annotator');
  await admin.addMember(projectId, people.reviewer.api.userId, 'reviewer');
  for (const [n, title] of text.items.entries()) {
    await admin.createItem(projectId, { externalId: `xss-review-${n}`, seed: { taskType: 'instruction', media: [], turns: [{ role: 'user', text: title }, { role: 'assistant', text: 'fine' }] }, prelabel: { modelId: 'vlm', style: 'question' } });
  }
  const tasks: { assignmentId: string; itemId: string; fence: number }[] = [];
  for (let n = 0; n < text.items.length; n++) {
    const task = await people.annotator.api.call<{ assignmentId: string; itemId: string; fence: number }>('POST', `/projects/${projectId}/queue/next`, {});
    await people.annotator.api.call('POST', `/assignments/${task.assignmentId}/submit`, { fence: task.fence });
    tasks.push(task);
  }
  const [returned, disputed] = tasks as [(typeof tasks)[number], (typeof tasks)[number]];
  const lease = await people.reviewer.api.call<{ fence: number }>('POST', `/assignments/${returned.assignmentId}/review/claim`, {});
  await people.reviewer.api.call('POST', `/assignments/${returned.assignmentId}/review`, { fence: lease.fence, decision: 'return', reasonCode: 'other', comment: text.returnComment });
  const { disputeId } = await admin.call<{ disputeId: string }>('POST', `/items/${disputed.itemId}/disputes`, { comment: text.disputeComment });
  const { title: inReview } = await admin.call<{ title: string }>('GET', `/items/${tasks[2]!.itemId}`);
  return { projectId, name: text.project, inReview, returnedItemId: returned.itemId, returnComment: text.returnComment, items: text.items, dispute: { id: disputeId, comment: text.disputeComment } };
}

/**
 * A calibration session in the reviewed project on one new gold item whose gold answer is hostile: started,
 * answered by Ada (the seeded text is a valid answer), revealed, so the gold and the disagreements show.
 */
async function revealedCalibration(admin: Api, projectId: string, participant: Person, hostile: (label: string) => string) {
  const gold = { answer: hostile('gold answer') };
  const item = await admin.createItem(projectId, {
    externalId: 'xss-gold',
    seed: { taskType: 'instruction', media: [], turns: [{ role: 'user', text: 'Say hello.' }] },
    prelabel: { modelId: 'vlm', style: 'question', turns: [{ role: 'assistant', text: 'Hello.' }] },
    gold: { modelId: 'gold', style: 'question', turns: [{ role: 'assistant', text: gold.answer }] },
  });
  const title = hostile('revealed session');
  const { id } = await admin.call<{ id: string }>('POST', `/projects/${projectId}/calibrations`, { title, itemIds: [item.id], participantIds: [participant.api.userId] });
  await admin.call('POST', `/calibrations/${id}/start`);
  await participant.api.call('POST', `/calibrations/${id}/answer`);
  await admin.call('POST', `/calibrations/${id}/reveal`);
  return { id, title, ...gold };
}

/** A calibration session titled `title` on the quality demo's gold items with its annotators. */
async function createCalibration(admin: Api, projectId: string, title: string) {
  const { items } = await admin.call<{ items: { id: string; hasGold: boolean }[] }>('GET', `/projects/${projectId}/items?limit=100`);
  const { items: members } = await admin.call<{ items: { userId: string; role: string }[] }>('GET', `/projects/${projectId}/members`);
  const { id } = await admin.call<{ id: string }>('POST', `/projects/${projectId}/calibrations`, {
    title,
    itemIds: items.filter((i) => i.hasGold).slice(0, 2).map((i) => i.id),
    participantIds: members.filter((m) => m.role === 'annotator').map((m) => m.userId),
  });
  return { id, title };
}
