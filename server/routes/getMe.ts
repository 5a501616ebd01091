import type { RequestHandler } from 'express';
import { meSchema } from '../../contracts/api';
import { sdsAccessOf } from '../auth/permissions';
import { authOf } from '../auth/requireAuth';

/** GET /api/me: who is signed in and what the tab should offer them (from the token alone). */
export const getMeRoute: RequestHandler = (req, res) => {
  const auth = authOf(req);
  res.json(
    meSchema.parse({
      displayName: auth.displayName,
      userPrincipalName: auth.userPrincipalName,
      objectId: auth.objectId,
      tenantId: auth.tenantId,
      ...sdsAccessOf(auth),
    }),
  );
};
