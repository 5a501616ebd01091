import express from 'express';
import { MAX_JSON_BODY_BYTES } from '../../contracts/api';

/** JSON bodies up to the shared limit; body-parser's errors are mapped by the error handler. */
export function jsonBody() {
  return express.json({ limit: MAX_JSON_BODY_BYTES, strict: true });
}
