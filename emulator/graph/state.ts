/**
 * The Graph emulator's state for one EmulatorContext: profiles, faults and the key that signs
 * upload URLs. `createGraphApp` and `createGraphAdminRouter` are built separately from the same
 * context, so both reach the state through `graphState(ctx)`.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context';
import { ActivityFeed } from './activityFeed';
import { loadDemoData } from './demo-data';
import { FaultInjector } from './faults';
import { ProfileStore } from './store';

export type GraphState = {
  ctx: EmulatorContext;
  store: ProfileStore;
  faults: FaultInjector;
  /** Notifications sent to Teams' activity feed (sendActivityNotification). */
  activity: ActivityFeed;
  /** Signs the SAS-style upload URLs (they only have to look and vary like real ones). */
  uploadSigningKey: Buffer;
};

const states = new WeakMap<EmulatorContext, GraphState>();

export function graphState(ctx: EmulatorContext): GraphState {
  let state = states.get(ctx);
  if (!state) {
    const created: GraphState = {
      ctx,
      store: new ProfileStore(),
      faults: new FaultInjector(),
      activity: new ActivityFeed(),
      uploadSigningKey: randomBytes(32),
    };
    loadDemoData(created.store, ctx.clock.now().getTime());
    // Reset hooks run in registration order: the clock is back at real time before this runs,
    // so the demo data is anchored to the new "now".
    ctx.onReset(() => {
      created.faults.clear();
      created.activity.clear();
      loadDemoData(created.store, ctx.clock.now().getTime());
    });
    states.set(ctx, created);
    state = created;
  }
  return state;
}
