/**
 * Performance marks of the tab's start (User Timing), in the order a load meets them: visible in
 * the browser's performance tools, and read by the bench to say where a load's time went.
 */
export const startMarks = {
  entry: 'sds:entry',
  config: 'sds:config',
  connected: 'sds:teams-connected',
  token: 'sds:sso-token',
  readsSent: 'sds:first-reads-sent',
  /** React, Fluent and the app evaluated; the shell's first render starts. */
  shell: 'sds:shell-evaluated',
} as const;

export function mark(name: (typeof startMarks)[keyof typeof startMarks]): void {
  // Old WebViews without User Timing: the marks are a diagnostic, never a reason to fail.
  globalThis.performance?.mark?.(name);
}
