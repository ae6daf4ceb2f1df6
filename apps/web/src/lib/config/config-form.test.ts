import { defaultConfig, type ProjectConfig } from '@concord/annotation-doc';
import { describe, expect, it, vi } from 'vitest';
import type { ProjectConfigVersion } from '../api-types.ts';
import { DetailedApiError } from '../projects/rest.ts';
import { ConfigForm, normalizeConfig, validateConfig, type ConfigClient } from './config-form.svelte.ts';
import { configIdFrom } from './config-ids.ts';

function version(n: number, config: ProjectConfig = defaultConfig('alignment')): ProjectConfigVersion {
  return { version: n, config, createdAt: '2024-05-01T10:00:00Z', createdBy: n === 1 ? null : 'usr_admin' };
}

function client(): ConfigClient {
  let latest = version(1);
  return {
    getConfig: vi.fn(async () => latest),
    listConfigVersions: vi.fn(async () => ({ items: [{ version: 1, createdAt: latest.createdAt, createdBy: null }] })),
    saveConfig: vi.fn(async (_p: string, config: ProjectConfig) => (latest = version(latest.version + 1, config))),
  };
}

async function loaded(fake = client()) {
  const form = new ConfigForm({ client: fake, projectId: 'prj_1' });
  await form.load();
  return { form, fake };
}

describe('validateConfig', () => {
  it('accepts the defaults and names the field of each problem', () => {
    expect(validateConfig(defaultConfig('preference')).size).toBe(0);
    const config = defaultConfig('preference');
    config.rubric[0]!.max = 0;
    config.labels.push({ id: 'Bad Id', name: 'x', color: 'red' });
    config.guidelines.url = 'javascript:alert(1)';
    config.minRationaleLength = null as unknown as number;
    const problems = validateConfig(config);
    expect(problems.get('minRationaleLength')).toBe('Enter a number.');
    expect(problems.get('rubric.0.max')).toMatch(/greater than min/);
    expect(problems.has('labels.0.id')).toBe(true);
    expect(problems.has('labels.0.color')).toBe(true);
    expect(problems.has('guidelines.url')).toBe(true);
  });

  it('normalizes a blank URL to null and trims names', () => {
    const config = defaultConfig('alignment');
    config.guidelines.url = '  ';
    config.labels[0]!.name = '  Person ';
    const normalized = normalizeConfig(config);
    expect(normalized.guidelines.url).toBeNull();
    expect(normalized.labels[0]!.name).toBe('Person');
  });
});

describe('configIdFrom', () => {
  it('makes safe, unique ids', () => {
    expect(configIdFrom('Traffic light')).toBe('traffic-light');
    expect(configIdFrom('Traffic light', ['traffic-light'])).toBe('traffic-light-2');
    expect(configIdFrom('  Çafé!! ')).toBe('cafe');
    expect(configIdFrom('???')).toBe('item');
  });
});

describe('ConfigForm', () => {
  it('loads the current version as a clean draft, newest versions first', async () => {
    const { form } = await loaded();
    expect(form.status).toBe('ready');
    expect(form.current?.version).toBe(1);
    expect(form.dirty).toBe(false);
    expect(form.versions.map((v) => v.version)).toEqual([1]);
  });

  it('adds a label with an id made from its name, and saves a new version', async () => {
    const { form, fake } = await loaded();
    form.addLabel();
    const index = form.draft!.labels.length - 1;
    form.setLabelName(index, 'Traffic light');
    expect(form.draft!.labels[index]!.id).toBe('traffic-light');
    expect(form.dirty).toBe(true);
    expect(await form.save()).toBe(true);
    expect(fake.saveConfig).toHaveBeenCalledWith('prj_1', expect.objectContaining({ labels: expect.arrayContaining([expect.objectContaining({ id: 'traffic-light' })]) }));
    expect(form.current?.version).toBe(2);
    expect(form.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(form.notice).toBe('Saved as version 2.');
    expect(form.dirty).toBe(false);
  });

  it('keeps the id of a saved label when it is renamed', async () => {
    const { form } = await loaded();
    form.setLabelName(0, 'Human');
    expect(form.draft!.labels[0]).toMatchObject({ id: 'person', name: 'Human' });
    expect(form.isSavedLabel('person')).toBe(true);
  });

  it('shows schema problems per field only after a save was tried, and sends nothing', async () => {
    const { form, fake } = await loaded();
    form.addLabel();
    const index = form.draft!.labels.length - 1;
    form.draft!.labels[index]!.color = 'blue';
    expect(form.errorAt(`labels.${index}.color`)).toBeNull();
    expect(await form.save()).toBe(false);
    expect(fake.saveConfig).not.toHaveBeenCalled();
    expect(form.errorAt(`labels.${index}.color`)).toMatch(/colour/);
    expect(form.errorAt(`labels.${index}.name`)).toBe('Required.');
    expect(form.saveError).toMatch(/Fix the 2 problems/);
    form.setLabelName(index, 'Sign');
    form.draft!.labels[index]!.color = '#00ff00';
    expect(form.problems.size).toBe(0);
    expect(await form.save()).toBe(true);
  });

  it("shows the server's refusal and its field problems until the draft changes", async () => {
    const fake = client();
    vi.mocked(fake.saveConfig).mockRejectedValueOnce(
      new DetailedApiError({
        status: 422,
        code: 'invalid_config',
        message: 'The configuration removes labels that documents use.',
        issues: [{ path: 'config.labels', message: 'label "person" is used by 3 regions' }],
      }),
    );
    const { form } = await loaded(fake);
    form.removeAt('labels', 0);
    expect(await form.save()).toBe(false);
    expect(form.saveError).toBe('The configuration removes labels that documents use.');
    expect(form.errorAt('labels')).toBe('label "person" is used by 3 regions');
    form.draft!.guidelines.text = 'changed';
    expect(form.errorAt('labels')).toBeNull();
  });

  it('reverts the draft and reorders entries', async () => {
    const { form } = await loaded();
    const [first, second] = form.draft!.labels.map((l) => l.id);
    form.move('labels', 0, 1);
    expect(form.draft!.labels.slice(0, 2).map((l) => l.id)).toEqual([second, first]);
    form.revert();
    expect(form.dirty).toBe(false);
  });

  it('adds styles and required fields once', async () => {
    const { form } = await loaded();
    expect(form.addStyle('Role play')).toBe(true);
    expect(form.addStyle('role play')).toBe(false);
    expect(form.draft!.instructionStyles).toContain('role-play');
    expect(form.addRequiredField('vqa')).toBe(true);
    expect(form.addRequiredField('vqa')).toBe(false);
  });

  it('reports a missing project as not found', async () => {
    const fake = client();
    const { ApiError } = await import('../api.ts');
    vi.mocked(fake.getConfig).mockRejectedValueOnce(new ApiError({ status: 404, code: 'not_found', message: 'Not found.' }));
    const { form } = await loaded(fake);
    expect(form.status).toBe('not-found');
  });
});
