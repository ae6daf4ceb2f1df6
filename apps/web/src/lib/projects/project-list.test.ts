import { describe, expect, it, vi } from 'vitest';
import type { Project } from '../api-types.ts';
import { ProjectList } from './project-list.svelte.ts';

const project = (id: string, taskType: Project['taskType'] = 'alignment'): Project => ({
  id,
  name: id,
  description: '',
  createdAt: '2024-01-01T00:00:00Z',
  role: 'manager',
  taskType,
  configVersion: 1,
});

describe('ProjectList', () => {
  it('creates a project with its task type and lists it first', async () => {
    const createProject = vi.fn(async () => project('prj_new', 'preference'));
    const list = new ProjectList({
      api: { listProjects: async () => ({ items: [project('prj_old')], nextCursor: null }) },
      projects: { createProject, createDemoProjects: vi.fn() },
    });
    await list.refresh();
    await list.create({ name: 'New', taskType: 'preference' });
    expect(createProject).toHaveBeenCalledWith({ name: 'New', taskType: 'preference' });
    expect(list.items.map((p) => p.id)).toEqual(['prj_new', 'prj_old']);
  });

  it('creates the demo projects and then shows them', async () => {
    let items: Project[] = [];
    const list = new ProjectList({
      api: { listProjects: async () => ({ items, nextCursor: null }) },
      projects: {
        createProject: vi.fn(),
        createDemoProjects: async () => {
          items = [project('prj_a', 'alignment'), project('prj_i', 'instruction'), project('prj_p', 'preference')];
          return { projects: items.map((p) => ({ id: p.id, name: p.name, taskType: p.taskType })) };
        },
      },
    });
    await list.refresh();
    expect(list.items).toEqual([]);
    const demo = await list.createDemo();
    expect(demo.projects).toHaveLength(3);
    expect(list.demo).toBe(demo);
    expect(list.items.map((p) => p.taskType)).toEqual(['alignment', 'instruction', 'preference']);
  });
});
