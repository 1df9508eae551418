import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EditorStore, formFrom, formKey, inputFrom, parseTags } from './editor.svelte';
import type { core } from 'wailsjs/go/models';

type ArticleInput = core.ArticleInput;
type Conflict = core.Conflict;
type EditableArticle = core.EditableArticle;
type SaveResult = core.SaveResult;

const art = (v: number, body = 'Body v' + v, extra: Partial<EditableArticle> = {}): EditableArticle => ({
  id: 'lost-badge',
  title: 'Lost badge',
  body,
  department: 'Facilities',
  tags: ['badge'],
  language: 'en',
  audience: 'internal',
  status: 'draft',
  owner: 'Ana',
  reviewBy: '',
  version: v,
  updatedAt: '2026-11-23T10:00:00Z',
  statusBy: 'Ana',
  statusAt: '2026-11-23T10:00:00Z',
  ...extra,
});

function fakeApi() {
  let server = art(1);
  return {
    get server() {
      return server;
    },
    set server(a: EditableArticle) {
      server = a;
    },
    load: vi.fn(async () => server),
    create: vi.fn(async (i: ArticleInput) => (server = { ...art(1), ...i, id: 'lost-badge', version: 1 })),
    save: vi.fn(async (i: ArticleInput, expected: number): Promise<SaveResult> => {
      if (expected !== server.version) {
        const conflict: Conflict = {
          mine: i,
          theirs: server,
          baseVersion: expected,
          diff: [{ op: 'insert', text: 'theirs', oldNo: 0, newNo: 1 }],
          mineDiff: [{ op: 'insert', text: 'mine', oldNo: 0, newNo: 1 }],
        };
        return { article: server, conflict };
      }
      server = { ...server, ...i, version: server.version + 1 };
      return { article: server };
    }),
    setStatus: vi.fn(async (_id: string, status: string, expected: number) => {
      if (expected !== server.version) throw 'version conflict';
      return (server = { ...server, status, statusBy: 'Ed' });
    }),
    restore: vi.fn(async (_id: string, v: number) => (server = { ...server, body: `Body v${v}`, version: server.version + 1 })),
    autosave: vi.fn(async () => {}),
    loadAutosave: vi.fn(async (): Promise<ArticleInput | null> => null),
    discardAutosave: vi.fn(async () => {}),
    preview: vi.fn(async (md: string) => ({ html: `<p>${md}</p>`, headings: [], links: [], brokenLinks: md.includes('[[nope]]') ? ['nope'] : [], signals: [] })),
  };
}

/** The fake wired as the bound services the store calls. */
function wire(a: ReturnType<typeof fakeApi>) {
  return {
    EditorService: { Load: a.load, Create: a.create, Save: a.save, SetStatus: a.setStatus, Preview: a.preview },
    HistoryService: { Restore: a.restore },
    AutosaveService: { Autosave: a.autosave, LoadAutosave: a.loadAutosave, DiscardAutosave: a.discardAutosave },
  };
}

describe('form helpers', () => {
  it('round-trips an article through the form', () => {
    const f = formFrom(art(1));
    expect(f.tags).toBe('badge');
    expect(inputFrom('lost-badge', { ...f, tags: ' a, b ,A,, c' }).tags).toEqual(['a', 'b', 'c']);
    expect(parseTags('')).toEqual([]);
    expect(formKey(f)).toBe(formKey({ ...f, title: ' Lost badge ' }));
  });
});

describe('EditorStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('autosaves once after a pause in typing, not on every keystroke', async () => {
    const a = fakeApi();
    const s = new EditorStore(wire(a), { autosaveMs: 2000, previewMs: 200 });
    await s.open('lost-badge');
    expect(s.dirty).toBe(false);
    s.setBody('B');
    await vi.advanceTimersByTimeAsync(1500);
    s.setBody('Bo');
    await vi.advanceTimersByTimeAsync(1500);
    s.setBody('Bod');
    expect(a.autosave).not.toHaveBeenCalled();
    expect(s.autosaveState).toBe('pending');
    await vi.advanceTimersByTimeAsync(2000);
    expect(a.autosave).toHaveBeenCalledTimes(1);
    expect(a.autosave).toHaveBeenCalledWith('lost-badge', expect.objectContaining({ body: 'Bod' }));
    expect(s.autosaveState).toBe('saved');
    // Typing back to the saved text: nothing to autosave.
    s.setBody('Body v1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(a.autosave).toHaveBeenCalledTimes(1);
  });

  it('debounces the preview and ignores stale answers', async () => {
    const a = fakeApi();
    const s = new EditorStore(wire(a), { previewMs: 200 });
    await s.open('lost-badge');
    await vi.advanceTimersByTimeAsync(0);
    a.preview.mockClear();
    s.setBody('x [[nope]]');
    s.setBody('y [[nope]]');
    await vi.advanceTimersByTimeAsync(199);
    expect(a.preview).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(a.preview).toHaveBeenCalledTimes(1);
    expect(s.preview?.html).toBe('<p>y [[nope]]</p>');
    expect(s.preview?.brokenLinks).toEqual(['nope']);
  });

  it('offers a newer autosaved draft when opening', async () => {
    const a = fakeApi();
    a.loadAutosave.mockResolvedValueOnce({ ...inputFrom('lost-badge', formFrom(art(1))), body: 'unsaved words' });
    const s = new EditorStore(wire(a));
    await s.open('lost-badge');
    expect(s.restorable?.body).toBe('unsaved words');
    s.applyRestorable();
    expect(s.form.body).toBe('unsaved words');
    expect(s.dirty).toBe(true);
  });

  it('guards unsaved changes: keep editing or discard', async () => {
    const a = fakeApi();
    const s = new EditorStore(wire(a));
    await s.open('lost-badge');
    s.setBody('changed');
    expect(await s.open('other')).toBe(false);
    expect(s.guard).toEqual({ what: 'open another article' });
    s.keepEditing();
    expect(s.guard).toBeNull();
    expect(s.form.body).toBe('changed');
    await s.newArticle('Gap title');
    expect(s.guard).not.toBeNull();
    await s.discardAndContinue();
    expect(a.discardAutosave).toHaveBeenCalledWith('lost-badge');
    expect(s.isNew).toBe(true);
    expect(s.form.title).toBe('Gap title');
  });

  it('creates, then saves with the expected version', async () => {
    const a = fakeApi();
    const s = new EditorStore(wire(a));
    await s.newArticle('');
    expect(await s.save('')).toBe('invalid');
    expect(s.error).toMatch(/title/);
    s.change({ title: 'Lost badge replacement', department: 'Facilities', body: '# Steps\nzephyrine' });
    expect(await s.save('')).toBe('saved');
    expect(a.create).toHaveBeenCalledWith(expect.objectContaining({ id: '', title: 'Lost badge replacement' }));
    expect(s.isNew).toBe(false);
    expect(s.dirty).toBe(false);
    s.setBody('# Steps\nzephyrine, edited');
    expect(await s.save('Second')).toBe('saved');
    expect(a.save).toHaveBeenLastCalledWith(expect.objectContaining({ body: '# Steps\nzephyrine, edited' }), 1, 'Second');
    expect(s.base?.version).toBe(2);
    expect(s.writes).toBe(2);
  });

  it('keeps what was typed while a save was in flight', async () => {
    const a = fakeApi();
    const s = new EditorStore(wire(a));
    await s.open('lost-badge');
    s.setBody('first');
    const p = s.save('');
    s.setBody('first and more');
    await p;
    expect(s.base?.body).toBe('first');
    expect(s.form.body).toBe('first and more');
    expect(s.dirty).toBe(true);
  });

  describe('conflicts', () => {
    async function conflicted() {
      const a = fakeApi();
      const s = new EditorStore(wire(a));
      await s.open('lost-badge');
      a.server = art(2, 'their text'); // someone else saved v2
      s.setBody('my text');
      expect(await s.save('mine')).toBe('conflict');
      expect(s.conflict?.theirs.version).toBe(2);
      expect(s.conflict?.mine.body).toBe('my text');
      expect(s.base?.version).toBe(1); // nothing adopted silently
      expect(s.form.body).toBe('my text');
      return { a, s };
    }

    it('load theirs replaces my text only on request', async () => {
      const { s } = await conflicted();
      s.loadTheirs();
      expect(s.conflict).toBeNull();
      expect(s.form.body).toBe('their text');
      expect(s.base?.version).toBe(2);
      expect(s.dirty).toBe(false);
    });

    it('overwrite saves mine after theirs, as a new version', async () => {
      const { a, s } = await conflicted();
      expect(await s.overwriteWithMine()).toBe('saved');
      expect(a.save).toHaveBeenLastCalledWith(expect.objectContaining({ body: 'my text' }), 2, 'mine');
      expect(s.base?.version).toBe(3);
      expect(s.conflict).toBeNull();
      expect(s.dirty).toBe(false);
    });

    it('keep editing mine rebases onto theirs and stays dirty', async () => {
      const { s } = await conflicted();
      s.keepMineOnTheirs();
      expect(s.base?.version).toBe(2);
      expect(s.form.body).toBe('my text');
      expect(s.dirty).toBe(true);
      expect(await s.save('merged')).toBe('saved');
      expect(s.base?.version).toBe(3);
    });

    it('dismiss changes nothing: the next save conflicts again', async () => {
      const { s } = await conflicted();
      s.dismissConflict();
      expect(s.base?.version).toBe(1);
      expect(await s.save('again')).toBe('conflict');
    });

    it('a second conflict while overwriting shows the newest theirs', async () => {
      const { a, s } = await conflicted();
      a.server = art(3, 'third writer');
      expect(await s.overwriteWithMine()).toBe('conflict');
      expect(s.conflict?.theirs.version).toBe(3);
    });
  });

  it('changes status with the expected version, only when saved', async () => {
    const a = fakeApi();
    const s = new EditorStore(wire(a));
    await s.open('lost-badge');
    s.setBody('dirty');
    expect(await s.setStatus('review', '')).toBe(false);
    expect(s.error).toMatch(/Save or discard/);
    await s.reload();
    await s.discardAndContinue();
    expect(await s.setStatus('review', 'please check')).toBe(true);
    expect(a.setStatus).toHaveBeenCalledWith('lost-badge', 'review', 1, 'please check');
    expect(s.base?.status).toBe('review');
  });

  it('follows changes saved elsewhere only when nothing here is unsaved', async () => {
    const a = fakeApi();
    const s = new EditorStore(wire(a));
    await s.open('lost-badge');
    a.server = art(2, 'from another window');
    await s.refreshIfClean();
    expect(s.base?.version).toBe(2);
    expect(s.form.body).toBe('from another window');
    s.setBody('mine');
    a.server = art(3, 'third');
    await s.refreshIfClean();
    expect(s.base?.version).toBe(2);
    expect(s.form.body).toBe('mine');
  });

  it('restores a version as a new one', async () => {
    const a = fakeApi();
    const s = new EditorStore(wire(a));
    await s.open('lost-badge');
    expect(await s.restore(1)).toBe(true);
    expect(a.restore).toHaveBeenCalledWith('lost-badge', 1, 1);
    expect(s.base?.version).toBe(2);
    expect(s.form.body).toBe('Body v1');
  });
});
