// PLACEHOLDER: replaced by the Teams host emulator implementation.
import express from 'express';
import type { EmulatorContext } from '../context';

export function createTeamsHostApp(_ctx: EmulatorContext): express.Express {
  return express();
}
