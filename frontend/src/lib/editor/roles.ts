// Who may change knowledge. The backend enforces it; the UI explains it.
export type Role = 'agent' | 'editor' | 'supervisor' | (string & {});

/** The editor role writes articles (app/EDITOR_API.md); so does a team database's admin. */
export const canEdit = (role: Role | null | undefined): boolean => role === 'editor' || role === 'admin';

/** Editors, supervisors (and a team database's admin) may read the editorial lists and history. */
export const canRead = (role: Role | null | undefined): boolean => role === 'editor' || role === 'supervisor' || role === 'admin';

export function roleNotice(role: Role | null | undefined, loaded: boolean): string | null {
  if (!loaded || canEdit(role)) return null;
  if (canRead(role)) return `You can read everything here, but writing, reviewing and publishing need the editor role. Your role is ${role}.`;
  return `Knowledge editing needs the editor role (supervisors can look on). Your role is ${role || 'not set'}.`;
}

/** The article statuses (knowledge.Status values), in workflow order. */
export const STATUSES = ['draft', 'review', 'published', 'archived'];

/** Workflow moves offered from a status, in display order. */
export function transitions(status: string): { to: 'draft' | 'review' | 'published' | 'archived'; label: string; primary?: boolean }[] {
  switch (status) {
    case 'draft':
      return [
        { to: 'review', label: 'Submit for review', primary: true },
        { to: 'published', label: 'Publish' },
        { to: 'archived', label: 'Archive' },
      ];
    case 'review':
      return [
        { to: 'published', label: 'Publish', primary: true },
        { to: 'draft', label: 'Back to draft' },
        { to: 'archived', label: 'Archive' },
      ];
    case 'published':
      return [
        { to: 'draft', label: 'Back to draft' },
        { to: 'archived', label: 'Archive' },
      ];
    case 'archived':
      return [{ to: 'draft', label: 'Back to draft', primary: true }];
    default:
      return [];
  }
}

export const STATUS_LABEL: Record<string, string> = {
  draft: 'Draft',
  review: 'In review',
  published: 'Published',
  archived: 'Archived',
};
export const statusLabel = (s: string) => STATUS_LABEL[s] ?? s;
