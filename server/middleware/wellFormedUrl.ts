/**
 * Refuses a URL whose percent-encoding does not decode (`%zz`, a lone `%`, `%C3` without its
 * second byte) before any route or static file sees it, with a problem that says what is wrong
 * instead of the router's generic failure to decode a parameter.
 */
import type { RequestHandler } from 'express';
import { HttpError } from '../errors';

const SHOWN_LENGTH = 120;

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

export const wellFormedUrl: RequestHandler = (req, _res, next) => {
  const [path = '', query = ''] = req.originalUrl.split(/\?(.*)/s, 2);
  // `+` means a space in a query; it never stops decoding, so only the escapes are judged.
  const bad = !decodes(path)
    ? { part: 'path', text: path }
    : !decodes(query)
      ? { part: 'query', text: query }
      : null;
  if (!bad) {
    next();
    return;
  }
  const shown = bad.text.length > SHOWN_LENGTH ? `${bad.text.slice(0, SHOWN_LENGTH)}…` : bad.text;
  throw new HttpError(
    400,
    'validation_failed',
    `The URL ${bad.part} ${JSON.stringify(shown)} has a malformed percent-encoding: every % must start a UTF-8 byte written as two hex digits, such as %20 or %C3%A9.`,
  );
};
