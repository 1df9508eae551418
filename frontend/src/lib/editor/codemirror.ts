// The Markdown code editor (CodeMirror 6).
//
// CSP: CodeMirror's styles come from style-mod, which writes a <style>
// element into a document (blocked by our style-src 'self') but uses a
// constructed stylesheet (adoptedStyleSheets, CSSOM — not governed by
// style-src) inside a shadow root. So the editor lives in an open shadow root
// on its host element and the policy stays strict. Design tokens are CSS
// custom properties, which inherit into the shadow tree, so the theme follows
// light/dark like the rest of the app.
import { autocompletion, completionKeymap, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import { drawSelection, dropCursor, EditorView, highlightActiveLine, keymap, placeholder } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { linkCompletion, linkTrigger } from './links';
import type { core } from 'wailsjs/go/models';

type LinkTarget = core.LinkTarget;

export interface MarkdownEditorOptions {
  doc: string;
  label: string;
  readOnly: boolean;
  onChange(doc: string): void;
  onSave(): void;
  linkTargets(prefix: string): Promise<LinkTarget[]>;
  /** Image files pasted or dropped; `at` is the document position to insert at. */
  onFiles(files: File[], at: number): void;
}

const highlight = HighlightStyle.define([
  { tag: t.heading1, fontWeight: '700', fontSize: '1.18em', color: 'var(--accent-text)' },
  { tag: t.heading2, fontWeight: '700', fontSize: '1.08em', color: 'var(--accent-text)' },
  { tag: [t.heading3, t.heading4, t.heading5, t.heading6], fontWeight: '700', color: 'var(--accent-text)' },
  { tag: t.strong, fontWeight: '700' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: [t.link, t.url], color: 'var(--link)', textDecoration: 'underline' },
  { tag: t.monospace, fontFamily: 'var(--font-mono)', color: 'var(--lang-fg)' },
  { tag: t.quote, color: 'var(--text-soft)', fontStyle: 'italic' },
  { tag: [t.processingInstruction, t.meta, t.contentSeparator], color: 'var(--text-muted)' },
  { tag: t.list, color: 'var(--text)' },
]);

const theme = EditorView.theme({
  '&': {
    height: '100%',
    color: 'var(--text)',
    backgroundColor: 'var(--surface)',
    fontSize: '0.92rem',
  },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.6', overflow: 'auto' },
  '.cm-content': { padding: '0.9rem 0', caretColor: 'var(--text)' },
  '.cm-line': { padding: '0 1rem' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)', borderLeftWidth: '2px' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--focus-ring)',
  },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--surface-2) 55%, transparent)' },
  '.cm-placeholder': { color: 'var(--text-muted)' },
  '.cm-selectionMatch': { backgroundColor: 'color-mix(in srgb, var(--mark-bg) 45%, transparent)' },
  '.cm-searchMatch': { backgroundColor: 'var(--mark-bg)', color: 'var(--mark-fg)' },
  '.cm-panels': { backgroundColor: 'var(--chrome-bg)', color: 'var(--text)', borderColor: 'var(--border)' },
  '.cm-panels input, .cm-panels button': {
    font: 'inherit',
    fontSize: '0.8rem',
    color: 'var(--text)',
    backgroundColor: 'var(--surface)',
    border: '1px solid var(--border-strong)',
    borderRadius: '6px',
  },
  '.cm-panels label': { fontSize: '0.8rem' },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '8px',
    boxShadow: '0 6px 20px rgba(0,0,0,0.18)',
    overflow: 'hidden',
  },
  '.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--font-sans)', maxHeight: '16rem' },
  '.cm-tooltip-autocomplete > ul > li': { padding: '0.25rem 0.6rem' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--on-accent)' },
  '.cm-completionDetail': { marginLeft: '0.6rem', fontStyle: 'normal', fontFamily: 'var(--font-mono)', opacity: '0.85' },
  '.cm-completionInfo': { padding: '0.3rem 0.6rem' },
});

/** Completion source for [[article-id]] links. */
export function linkSource(targets: (prefix: string) => Promise<LinkTarget[]>) {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const trig = linkTrigger(line.text.slice(0, ctx.pos - line.from));
    if (!trig) return null;
    let list: LinkTarget[];
    try {
      list = await targets(trig.prefix);
    } catch {
      return null;
    }
    if (ctx.aborted) return null;
    const options: Completion[] = list.map((x) => ({
      label: x.title || x.id,
      detail: x.id,
      info: x.department || undefined,
      type: 'text',
      apply: (view, _c, from, to) => {
        const after = view.state.doc.sliceString(to, view.state.doc.lineAt(to).to);
        const { insert, consume } = linkCompletion(x.id, after);
        view.dispatch({ changes: { from, to: to + consume, insert }, selection: { anchor: from + insert.length }, userEvent: 'input.complete' });
      },
    }));
    return { from: line.from + trig.from, options, filter: false };
  };
}

function imageFiles(list: FileList | null | undefined): File[] {
  return Array.from(list ?? []).filter((f) => f.type.startsWith('image/'));
}

export class MarkdownEditor {
  readonly view: EditorView;
  readonly shadow: ShadowRoot;
  #opts: MarkdownEditorOptions;
  #readOnly = new Compartment();
  #label = new Compartment();
  #silent = false;

  constructor(host: HTMLElement, opts: MarkdownEditorOptions) {
    this.#opts = opts;
    this.shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const wrap = document.createElement('div');
    wrap.style.height = '100%';
    this.shadow.replaceChildren(wrap);
    this.view = new EditorView({ parent: wrap, root: this.shadow, state: this.#state(opts.doc) });
  }

  #extensions(): Extension[] {
    const o = this.#opts;
    return [
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-s',
            preventDefault: true,
            run: () => {
              o.onSave();
              return true;
            },
          },
        ]),
      ),
      history(),
      drawSelection(),
      dropCursor(),
      highlightActiveLine(),
      EditorView.lineWrapping,
      markdown({ base: markdownLanguage }),
      syntaxHighlighting(highlight),
      search({ top: true }),
      highlightSelectionMatches(),
      autocompletion({ override: [linkSource(o.linkTargets)], icons: false }),
      keymap.of([...completionKeymap, ...searchKeymap, ...historyKeymap, ...defaultKeymap]),
      placeholder('Write the article in Markdown. Type [[ to link another article; paste or drop an image to attach it.'),
      theme,
      this.#readOnly.of([EditorState.readOnly.of(o.readOnly), EditorView.editable.of(!o.readOnly)]),
      this.#label.of(EditorView.contentAttributes.of({ 'aria-label': o.label, spellcheck: 'true', lang: 'en' })),
      EditorView.updateListener.of((u) => {
        if (u.docChanged && !this.#silent) o.onChange(u.state.doc.toString());
      }),
      EditorView.domEventHandlers({
        paste: (e, view) => {
          const files = imageFiles(e.clipboardData?.files);
          if (!files.length) return false;
          e.preventDefault();
          o.onFiles(files, view.state.selection.main.head);
          return true;
        },
        drop: (e, view) => {
          const files = imageFiles(e.dataTransfer?.files);
          if (!files.length) return false;
          e.preventDefault();
          const at = view.posAtCoords({ x: e.clientX, y: e.clientY }) ?? view.state.selection.main.head;
          o.onFiles(files, at);
          return true;
        },
      }),
    ];
  }

  #state(doc: string): EditorState {
    return EditorState.create({ doc, extensions: this.#extensions() });
  }

  /** Replaces the document and its undo history (another article was opened). */
  setDoc(doc: string): void {
    if (doc === this.view.state.doc.toString()) return;
    this.#silent = true;
    try {
      this.view.setState(this.#state(doc));
    } finally {
      this.#silent = false;
    }
  }

  setReadOnly(ro: boolean): void {
    this.#opts = { ...this.#opts, readOnly: ro };
    this.view.dispatch({ effects: this.#readOnly.reconfigure([EditorState.readOnly.of(ro), EditorView.editable.of(!ro)]) });
  }

  /** Inserts text at `at` (default: the cursor) on its own line when it is a block. */
  insert(text: string, at?: number): void {
    const s = this.view.state;
    const pos = Math.min(at ?? s.selection.main.head, s.doc.length);
    const line = s.doc.lineAt(pos);
    const before = pos > line.from ? '\n' : '';
    const after = pos < line.to ? '\n' : '';
    const insert = before + text + after;
    this.view.dispatch({ changes: { from: pos, insert }, selection: { anchor: pos + insert.length }, userEvent: 'input' });
    this.view.focus();
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    this.view.destroy();
  }
}
