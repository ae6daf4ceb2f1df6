import type { ProjectAccessRole } from './api-types.ts';

const labels: Record<ProjectAccessRole, string> = {
  admin: 'Site admin',
  manager: 'Manager',
  trainer: 'Trainer',
  qa_lead: 'QA lead',
  reviewer: 'Reviewer',
  annotator: 'Annotator',
  viewer: 'Viewer',
};

/** A role as people read it, e.g. `qa_lead` → "QA lead". */
export function roleLabel(role: ProjectAccessRole): string {
  return labels[role];
}
