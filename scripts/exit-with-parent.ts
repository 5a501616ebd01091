/**
 * Preloaded (`node --import`) into the processes scripts/stack.ts starts: when the launcher dies
 * without stopping them (killed test runner, closed terminal), they shut down too instead of
 * holding their ports for the next run. `process.ppid` is read live; it changes when the parent
 * is gone and the process is re-parented.
 */
const launcher = process.ppid;
setInterval(() => {
  if (process.ppid !== launcher) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();
