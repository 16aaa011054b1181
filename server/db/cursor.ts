// The keyset cursor lists page with: the (time, id) of the last row a page showed, opaque to clients.

export interface Cursor { t: string; id: string }

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

/** Null for anything this server did not give out. */
export function decodeCursor(s: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    return typeof c.t === 'string' && typeof c.id === 'string' && !Number.isNaN(Date.parse(c.t)) ? c : null;
  } catch {
    return null;
  }
}
