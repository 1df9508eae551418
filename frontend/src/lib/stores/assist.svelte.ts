// Suggestions for the open request: streaming, options, insert/discard,
// the live grounding check of the draft and marking it sent. Nothing is
// sent anywhere by this store: "sent" means the agent copied the reply or
// handed it to their mail client.
import * as AssistService from 'wailsjs/go/app/AssistService';
import * as SystemService from 'wailsjs/go/app/SystemService';
import type { app, assist, core, knowledge } from 'wailsjs/go/models';
import { errorMessage } from '../errors';
import { discardEvent, TokenBuffer } from '../assist';

export interface AssistDeps {
  AssistService: Pick<typeof AssistService, 'Suggest' | 'Cancel' | 'Record' | 'Check' | 'MarkSent'>;
  SystemService: Pick<typeof SystemService, 'CopyToClipboard' | 'ComposeMail'>;
}

export type AssistPhase = 'idle' | 'running' | 'ready' | 'error';

export class AssistStore {
  requestId = $state<string | null>(null);
  phase = $state<AssistPhase>('idle');
  streamed = $state('');
  result = $state<core.SuggestResult | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  allowStale = $state(false);
  /** Index of the option put into the editor, -1 when written from scratch. */
  inserted = $state(-1);
  discarded = $state<Record<number, string>>({});
  actionError = $state<string | null>(null);
  reply = $state('');
  checks = $state<assist.SentenceCheck[]>([]);
  checking = $state(false);
  checkError = $state<string | null>(null);
  sending = $state(false);
  sendError = $state<string | null>(null);

  readonly options = $derived(this.result?.suggestion.options ?? []);
  readonly citedIds = $derived.by(() => {
    const o = this.options[this.inserted];
    if (o) return o.citations.map((c) => c.passageId);
    return this.result?.suggestion.passageIds ?? [];
  });
  readonly unsupported = $derived(this.checks.filter((c) => !c.supported));
  /**
   * Placeholders of the inserted option that are still in the reply
   * ("REF-…", "[date]"): sending stays disabled until the agent fills them.
   */
  readonly unfilledGaps = $derived.by(() => {
    const o = this.options[this.inserted];
    if (!o?.gaps?.length) return [] as assist.Gap[];
    return o.gaps.filter((g) => g.placeholder && this.reply.includes(g.placeholder));
  });
  /**
   * Bumped when the workspace should move focus: "options" after a
   * suggestion arrived, "reply" after an option was inserted. The panel
   * watches it, so keyboard users never walk 20 Tabs to the next step.
   */
  focusRequest = $state<{ target: 'options' | 'reply'; seq: number }>({ target: 'reply', seq: 0 });

  #go: AssistDeps;
  #buffer: TokenBuffer | null = null;
  #drafts = new Map<string, string>();
  #checkTimer: ReturnType<typeof setTimeout> | undefined;
  #checkSeq = 0;
  #debounceMs: number;

  constructor(deps: AssistDeps = { AssistService, SystemService }, debounceMs = 500) {
    this.#go = deps;
    this.#debounceMs = debounceMs;
  }

  /** Switches to another request, keeping each request's unsent draft. */
  setRequest(id: string | null): void {
    if (id === this.requestId) return;
    if (this.requestId) this.#drafts.set(this.requestId, this.reply);
    this.requestId = id;
    this.#buffer = null;
    this.phase = 'idle';
    this.streamed = '';
    this.result = null;
    this.error = this.notice = this.actionError = this.sendError = this.checkError = null;
    this.inserted = -1;
    this.discarded = {};
    this.checks = [];
    this.reply = (id && this.#drafts.get(id)) || '';
  }

  /** Feed `assist:token` events here. */
  onToken = (tok: app.AssistToken): void => {
    if (this.phase === 'running' && this.#buffer?.push(tok)) this.streamed = this.#buffer.text;
  };

  async suggest(): Promise<void> {
    const id = this.requestId;
    if (!id || this.phase === 'running') return;
    this.#buffer = new TokenBuffer(id);
    this.phase = 'running';
    this.streamed = '';
    this.error = this.notice = this.actionError = null;
    try {
      const res = await this.#go.AssistService.Suggest(id, this.allowStale);
      if (id !== this.requestId) return;
      this.result = res;
      this.inserted = -1;
      this.discarded = {};
      this.phase = 'ready';
      this.#focus('options');
    } catch (err) {
      if (id !== this.requestId) return;
      const msg = errorMessage(err);
      if (/cancel/i.test(msg)) {
        this.notice = 'Suggestion cancelled.';
        this.phase = this.result ? 'ready' : 'idle';
      } else {
        this.error = msg;
        this.phase = 'error';
      }
    }
  }

  async cancel(): Promise<void> {
    if (this.requestId && this.phase === 'running') await this.#go.AssistService.Cancel(this.requestId).catch(() => false);
  }

  async setAllowStale(v: boolean): Promise<void> {
    this.allowStale = v;
    if (this.result || this.phase === 'error') await this.suggest();
  }

  async insert(i: number): Promise<void> {
    const o = this.options[i];
    const setId = this.result?.setId;
    if (!o || !setId) return;
    this.reply = o.reply;
    this.inserted = i;
    this.actionError = null;
    this.scheduleCheck(0);
    this.#focus('reply');
    try {
      await this.#go.AssistService.Record({ setId, type: 'inserted', optionIndex: i });
    } catch (err) {
      this.actionError = `The insert was not recorded in the ledger: ${errorMessage(err)}`;
    }
  }

  /** Throws a readable error for an invalid reason (shown in the form). */
  async discard(i: number, reason: string, comment: string): Promise<void> {
    const setId = this.result?.setId;
    if (!setId) return;
    const ev = discardEvent(setId, i, reason, comment);
    await this.#go.AssistService.Record(ev);
    this.discarded = { ...this.discarded, [i]: ev.reason! };
  }

  #focus(target: 'options' | 'reply'): void {
    this.focusRequest = { target, seq: this.focusRequest.seq + 1 };
  }

  setReply(text: string): void {
    this.reply = text;
    this.scheduleCheck();
  }

  scheduleCheck(ms = this.#debounceMs): void {
    clearTimeout(this.#checkTimer);
    this.#checkTimer = setTimeout(() => void this.check(), ms);
  }

  async check(): Promise<void> {
    const id = this.requestId;
    const ids = this.citedIds;
    const seq = ++this.#checkSeq;
    if (!id || !this.reply.trim() || !ids.length) {
      this.checks = [];
      this.checking = false;
      return;
    }
    this.checking = true;
    try {
      const c = await this.#go.AssistService.Check(this.reply, ids, id);
      if (seq !== this.#checkSeq) return;
      this.checks = c;
      this.checkError = null;
    } catch (err) {
      if (seq === this.#checkSeq) this.checkError = errorMessage(err);
    } finally {
      if (seq === this.#checkSeq) this.checking = false;
    }
  }

  /** Copies or hands the reply to the mail client, then records it as sent. */
  async markSent(via: 'clipboard' | 'mail', req: knowledge.SupportRequest): Promise<knowledge.SupportRequest | null> {
    const text = this.reply;
    if (!text.trim()) {
      this.sendError = 'Write or insert a reply first.';
      return null;
    }
    const gaps = this.unfilledGaps;
    if (gaps.length) {
      this.sendError = `Fill in ${gaps.map((g) => g.placeholder).join(', ')} before sending.`;
      return null;
    }
    this.sending = true;
    this.sendError = null;
    try {
      if (via === 'clipboard') await this.#go.SystemService.CopyToClipboard(text);
      else await this.#go.SystemService.ComposeMail(req.customer.contact, `Re: ${req.subject}`, text);
    } catch (err) {
      this.sending = false;
      this.sendError = `${via === 'clipboard' ? 'Could not copy' : 'Could not open the mail client'}: ${errorMessage(err)}. Nothing was marked as sent.`;
      return null;
    }
    try {
      const updated = await this.#go.AssistService.MarkSent({
        requestId: req.id,
        setId: this.result?.setId ?? '',
        optionIndex: this.result ? this.inserted : -1,
        finalText: text,
        via,
      });
      this.reply = '';
      this.checks = [];
      this.inserted = -1;
      this.#drafts.delete(req.id);
      this.notice = via === 'clipboard' ? 'Copied. Paste it into your reply — it is in the conversation now.' : 'Handed to your mail client — it is in the conversation now.';
      return updated;
    } catch (err) {
      this.sendError = `${via === 'clipboard' ? 'Copied' : 'Opened in mail'}, but not recorded as sent: ${errorMessage(err)}`;
      return null;
    } finally {
      this.sending = false;
    }
  }
}

export const assistStore = new AssistStore();
