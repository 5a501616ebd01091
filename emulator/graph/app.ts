// PLACEHOLDER: replaced by the Graph emulator implementation.
import express from 'express';
import type { EmulatorContext } from '../context';

export function createGraphApp(_ctx: EmulatorContext): express.Express {
  return express();
}

export function createGraphAdminRouter(_ctx: EmulatorContext): express.Router {
  return express.Router();
}
