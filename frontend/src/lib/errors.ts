// Bound Go methods reject with the error's text (Wails) or an Error (a
// missing backend); views show it as-is.

/** Turns whatever a rejected binding produced into a readable message. */
export function errorMessage(err: unknown): string {
  if (typeof err === 'string') return err || 'Unknown error';
  if (err instanceof Error) return err.message || err.name;
  if (err && typeof err === 'object' && 'message' in err && typeof (err as { message: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return 'Unknown error';
}
