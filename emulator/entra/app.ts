// PLACEHOLDER: replaced by the Entra emulator implementation.
import express from 'express';
import type { EmulatorContext } from '../context';

export function createEntraApp(_ctx: EmulatorContext): express.Express {
  return express();
}
