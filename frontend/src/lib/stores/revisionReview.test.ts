import { describe, expect, it, vi } from 'vitest';
import { RevisionReviewStore } from './revisionReview.svelte';
import { EditorStore } from './editor.svelte';
import type { core } from 'wailsjs/go/models';

const live = (v: number, body: string): core.EditableArticle => ({
  id: 'refunds', title: 'Refunds', body, department: 'Billing', tags: [], language: 'en', audience: 'customer-facing',
  status: 'published', owner: '', reviewBy: '', version: v, updatedAt: '', statusBy: '', statusAt: '',
});

const revision = (seq: number, body: string, extra: Partial<core.RevisionView> = {}): core.RevisionView =>
  ({
    articleId: 'refunds', title: 'Refunds', baseVersion: 2, liveVersion: 2, stale: false, author: 'Kim', message: '',
    state: 'pending', reviewer: '', note: '', seq, createdAt: '', updatedAt: '', proposed: live(2, body), ...extra,
  }) as core.RevisionView;

function reviewApi() {
  let rev = revision(1, 'Refunds take 3 days.');
  return {
    ReviewRevision: vi.fn(async () => ({ revision: rev, live: live(2, 'Refunds take 5 days.'), fields: [], diff: [], bodyDiff: [{ op: 'eq', text: 'Refunds take ' }, { op: 'del', text: '5 ' }, { op: 'ins', text: '3 ' }, { op: 'eq', text: 'days.' }] }) as core.RevisionReview),
    ApproveRevision: vi.fn(async (_id: string, seq: number) => {
      if (seq !== rev.seq) throw 'the article was changed by someone else since you opened it: the live article is now at version 3';
      return live(3, rev.proposed.body);
    }),
    SendBackRevision: vi.fn(async (_id: string, seq: number, note: string) => (rev = revision(seq + 1, rev.proposed.body, { state: 'sent-back', note, reviewer: 'Rae' }))),
    WithdrawRevision: vi.fn(async () => {}),
    RevisionSettings: vi.fn(async () => ({ publishedEditsNeedReview: true })),
    SetPublishedEditsNeedReview: vi.fn(async (on: boolean) => ({ publishedEditsNeedReview: on })),
    bump: () => (rev = revision(rev.seq + 1, 'Refunds take 2 days.')),
  };
}

describe('RevisionReviewStore', () => {
  it('approves the revision it showed, and reports a conflict when it moved meanwhile', async () => {
    const api = reviewApi();
    const s = new RevisionReviewStore({ EditorService: api });
    await s.open('refunds');
    expect(s.id).toBe('refunds');
    api.bump(); // the author saved again after the reviewer opened it
    expect(await s.approve()).toBeNull();
    expect(api.ApproveRevision).toHaveBeenCalledWith('refunds', 1);
    expect(s.error).toMatch(/changed by someone else/);
    await s.open('refunds');
    const a = await s.approve();
    expect(a?.version).toBe(3);
    expect(s.notice).toBe('Published “Refunds” as version 3.');
    expect(s.review).toBeNull();
  });

  it('needs a note to send back, then shows the revision as sent back', async () => {
    const api = reviewApi();
    const s = new RevisionReviewStore({ EditorService: api });
    await s.open('refunds');
    expect(await s.sendBack('   ')).toBe(false);
    expect(api.SendBackRevision).not.toHaveBeenCalled();
    expect(s.error).toMatch(/Say what the author should change/);
    expect(await s.sendBack(' Say business days. ')).toBe(true);
    expect(api.SendBackRevision).toHaveBeenCalledWith('refunds', 1, 'Say business days.');
    expect(s.review?.revision.state).toBe('sent-back');
    expect(s.notice).toBe('Sent back to Kim with your note.');
  });

  it('loads and changes the knowledge base setting', async () => {
    const api = reviewApi();
    const s = new RevisionReviewStore({ EditorService: api });
    await s.loadSettings();
    expect(s.settings?.publishedEditsNeedReview).toBe(true);
    await s.setNeedReview(false);
    expect(api.SetPublishedEditsNeedReview).toHaveBeenCalledWith(false);
    expect(s.settings?.publishedEditsNeedReview).toBe(false);
  });
});

describe('EditorStore with revisions', () => {
  function editorApi() {
    let rev: core.RevisionView | null = null;
    return {
      EditorService: {
        Load: vi.fn(async () => live(2, 'Refunds take 5 days.')),
        Create: vi.fn(),
        Save: vi.fn(async (i: core.ArticleInput) => {
          rev = revision((rev?.seq ?? 0) + 1, i.body);
          return { article: live(2, 'Refunds take 5 days.'), revision: rev } as core.SaveResult;
        }),
        SetStatus: vi.fn(),
        Preview: vi.fn(async () => ({ html: '', headings: [], links: [], brokenLinks: [], signals: [] })),
        ArticleRevision: vi.fn(async () => rev),
      },
      HistoryService: { Restore: vi.fn() },
      AutosaveService: { Autosave: vi.fn(async () => {}), LoadAutosave: vi.fn(async () => null), DiscardAutosave: vi.fn(async () => {}) },
    };
  }

  it('keeps the edit of a published article as a revision pending review, and reopens it', async () => {
    const api = editorApi();
    const s = new EditorStore(api as never, { autosaveMs: 10_000, previewMs: 10_000 });
    await s.open('refunds');
    expect(s.revision).toBeNull();
    s.setBody('Refunds take 3 days.');
    expect(await s.save('faster')).toBe('saved');
    expect(s.revision?.state).toBe('pending');
    expect(s.notice).toBe('Revision pending review: agents keep seeing version 2 until a reviewer approves it.');
    expect(s.base?.version).toBe(2);
    expect(s.form.body).toBe('Refunds take 3 days.');
    expect(s.dirty).toBe(false);
    // Reopened later: the form shows the revision, not the live text.
    await s.close();
    await s.open('refunds');
    expect(s.revision?.seq).toBe(1);
    expect(s.form.body).toBe('Refunds take 3 days.');
    expect(s.dirty).toBe(false);
  });
});

describe('EditorStore restore with review', () => {
  it('shows a restored version of a published article as the revision pending review', async () => {
    const rev = revision(1, 'Refunds take 5 days.', { message: 'Restore version 1' });
    const api = {
      EditorService: {
        Load: vi.fn(async () => live(3, 'Refunds take 3 days.')),
        Create: vi.fn(),
        Save: vi.fn(),
        SetStatus: vi.fn(),
        Preview: vi.fn(async () => ({ html: '', headings: [], links: [], brokenLinks: [], signals: [] })),
        ArticleRevision: vi.fn(async (): Promise<core.RevisionView | null> => null),
      },
      HistoryService: { Restore: vi.fn(async () => live(3, 'Refunds take 3 days.')) },
      AutosaveService: { Autosave: vi.fn(async () => {}), LoadAutosave: vi.fn(async () => null), DiscardAutosave: vi.fn(async () => {}) },
    };
    const s = new EditorStore(api as never, { autosaveMs: 10_000, previewMs: 10_000 });
    await s.open('refunds');
    api.EditorService.ArticleRevision.mockResolvedValue(rev);
    expect(await s.restore(1)).toBe(true);
    expect(s.revision?.message).toBe('Restore version 1');
    expect(s.form.body).toBe('Refunds take 5 days.');
    expect(s.notice).toBe('Version 1 restored as a revision pending review: agents keep seeing version 3 until a reviewer approves it.');
  });
});
