// [[article-id]] link autocomplete: where a link being typed starts and what
// has been typed so far.

export interface LinkTrigger {
  /** Offset (in the given text) right after "[[". */
  from: number;
  /** What was typed after "[[" (may be empty). */
  prefix: string;
}

/**
 * Looks at the text before the cursor (typically the current line up to the
 * cursor) and returns the open [[ link, or null. A link is open when "[["
 * appears with no "]]", newline or second "[" after it; its prefix is at
 * most 80 characters. "\[[" (escaped) does not open a link.
 */
export function linkTrigger(before: string): LinkTrigger | null {
  const at = before.lastIndexOf('[[');
  if (at < 0) return null;
  if (at > 0 && before[at - 1] === '\\') return null;
  const prefix = before.slice(at + 2);
  if (prefix.length > 80 || /[\]\n[]/.test(prefix)) return null;
  return { from: at + 2, prefix };
}

/**
 * The text that completes a link: the id and the closing brackets, unless
 * the text after the cursor already closes it.
 */
export function linkCompletion(id: string, after: string): { insert: string; consume: number } {
  const m = /^[^\]\n[]*\]\]/.exec(after);
  // Replace whatever was between the cursor and an existing "]]" too.
  if (m) return { insert: `${id}]]`, consume: m[0].length };
  return { insert: `${id}]]`, consume: 0 };
}

/** "Billing refunds.png" → "Billing refunds" for image alt text. */
export function altFromFileName(name: string): string {
  const base = name.replace(/\.[A-Za-z0-9]+$/, '').replace(/[_-]+/g, ' ').trim();
  return base.replace(/[[\]]/g, '') || 'image';
}

/** Markdown for an attached image. */
export function imageMarkdown(alt: string, path: string): string {
  return `![${alt.replace(/[[\]]/g, '')}](${path.replace(/[()\s]/g, encodeURIComponent)})`;
}

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** A readable reason the file cannot be attached, or null. */
export function imageProblem(f: { name: string; type: string; size: number }): string | null {
  if (!IMAGE_TYPES.includes(f.type)) return `${f.name}: only PNG, JPEG, GIF and WebP images can be attached.`;
  if (f.size > MAX_IMAGE_BYTES) return `${f.name} is larger than 5 MB.`;
  return null;
}
