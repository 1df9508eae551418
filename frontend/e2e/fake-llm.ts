// A fake OpenAI-compatible chat-completions server for the workspace e2e
// test. It answers with two options citing the first passages of the prompt
// and quoting their first sentences, so grounding can verify them.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLLM {
  url: string;
  requests: { stream: boolean; passageIds: string[] }[];
  close(): Promise<void>;
}

interface Passage {
  id: string;
  text: string;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

export function passagesOf(prompt: string): Passage[] {
  const out: Passage[] = [];
  const re = /<passage id="([^"]+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g;
  for (let m = re.exec(prompt); m; m = re.exec(prompt)) out.push({ id: unescape(m[1]), text: unescape(m[2]) });
  return out;
}

export function firstSentence(text: string): string {
  const sentences = text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.split(/\s+/).length >= 8 && /[.!?]$/.test(s) && !s.includes(' · '));
  return sentences[0] ?? text.slice(0, 200);
}

function contentOf(m: { content?: unknown }): string {
  if (typeof m.content === 'string') return m.content;
  if (Array.isArray(m.content)) return m.content.map((p: { text?: string }) => p?.text ?? '').join('');
  return '';
}

function answer(prompt: string) {
  const ps = passagesOf(prompt);
  const a = ps[0];
  const b = ps.find((p) => p.id.split('#')[0] !== a?.id.split('#')[0]) ?? ps[1] ?? a;
  const options = a
    ? [
        { title: 'Explain the refund rules', reply: firstSentence(a.text), steps: ['Check the cancellation time in Scheduling', 'Raise the refund form'], citations: [a.id] },
        { title: 'Offer a follow-up', reply: firstSentence(b.text), steps: ['Confirm the details with the customer'], citations: [b.id] },
      ]
    : [];
  return { options, not_in_kb: false, clarifying_question: '' };
}

async function body(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

/** failWith: answer every chat completion with this HTTP status instead. */
export async function startFakeLLM(opts: { failWith?: number } = {}): Promise<FakeLLM> {
  const requests: FakeLLM['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    if (opts.failWith) {
      await body(req);
      res.writeHead(opts.failWith, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
      return;
    }
    const json = JSON.parse(await body(req)) as { stream?: boolean; messages?: { role: string; content?: unknown }[] };
    const prompt = (json.messages ?? []).filter((m) => m.role === 'user').map(contentOf).join('\n');
    const content = /connectivity check|\{"ok":true\}/.test(prompt) && !prompt.includes('<passage') ? '{"ok":true}' : JSON.stringify(answer(prompt));
    requests.push({ stream: !!json.stream, passageIds: passagesOf(prompt).map((p) => p.id) });
    if (json.stream) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'fake', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      for (let i = 0; i < content.length; i += 24) {
        res.write(chunk({ content: content.slice(i, i + 24) }, null));
        await new Promise((r) => setTimeout(r, 8));
      }
      res.write(chunk({}, 'stop'));
      res.end('data: [DONE]\n\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'fake',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
