/**
 * Opaque keyset-page cursors: the last row's (sort key, id), base64url JSON. A cursor that is not
 * one of ours is a 400 on `after`.
 */
import { invalid } from './errors.js';

export const encodeCursor = (key: string, id: string) =>
  Buffer.from(JSON.stringify([key, id])).toString('base64url');

export function decodeCursor(s: string): { key: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { key: v[0], id: v[1] };
  } catch {
    // falls through to the error below
  }
  throw invalid('invalid_cursor', 'after must be the next_after value of a previous page', 'after');
}
