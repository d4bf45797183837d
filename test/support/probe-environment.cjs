const fs = require('node:fs');
const { TestEnvironment } = require('jest-environment-node');

/** user+sys CPU seconds of this worker and of its children it has reaped, from /proc (Linux). */
function cpuSeconds() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // utime, stime, cutime, cstime: fields 14-17 of stat(5), 12-15 after the ') ' split.
    return fields.slice(11, 15).map(Number).reduce((sum, ticks) => sum + ticks, 0) / 100;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }
}

/**
 * Jest's node environment; with CVM_TEST_PROBE=<file>, it appends one JSON line per test file to
 * that file: the CPU the file cost (its worker and the processes it started and reaped) and the
 * resources it left active after its teardown (timers, sockets, handles), which keep a worker
 * from exiting gracefully.
 */
class ProbeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    if (process.env.CVM_TEST_PROBE) watchWorkerEnd(process.env.CVM_TEST_PROBE);
  }

  async setup() {
    this.startedCpu = cpuSeconds();
    this.startedAt = Date.now();
    this.resourcesBefore = process.getActiveResourcesInfo();
    await super.setup();
  }

  async teardown() {
    await super.teardown();
    const log = process.env.CVM_TEST_PROBE;
    if (!log) return;
    // Let closes that were already under way settle before counting what is left.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = countOf(this.resourcesBefore);
    const left = {};
    for (const [kind, count] of Object.entries(countOf(process.getActiveResourcesInfo()))) {
      const extra = count - (before[kind] ?? 0);
      if (extra > 0) left[kind] = extra;
    }
    const line = { file: this.testPath, cpu: +(cpuSeconds() - this.startedCpu).toFixed(2), wall: (Date.now() - this.startedAt) / 1000, pid: process.pid, left };
    fs.appendFileSync(log, `${JSON.stringify(line)}\n`);
  }
}

/** jest-worker's message that ends a worker (CHILD_MESSAGE_END). */
const END_MESSAGE = 2;
let watchingWorkerEnd = false;

/**
 * When jest ends this worker, which must then exit by itself within half a second, logs what is
 * still active 100 and 400 ms later: what keeps it from exiting ("A worker process has failed to
 * exit gracefully"). The listener goes at once, so that it holds nothing open itself.
 */
function watchWorkerEnd(log) {
  if (watchingWorkerEnd || typeof process.send !== 'function') return;
  watchingWorkerEnd = true;
  const onMessage = (message) => {
    if (!Array.isArray(message) || message[0] !== END_MESSAGE) return;
    process.off('message', onMessage);
    const endedAt = Date.now();
    for (const ms of [100, 400]) {
      setTimeout(() => {
        const line = { worker: process.pid, msAfterEnd: Date.now() - endedAt, active: process.getActiveResourcesInfo() };
        fs.appendFileSync(log, `${JSON.stringify(line)}\n`);
      }, ms).unref();
    }
  };
  process.on('message', onMessage);
}

function countOf(kinds) {
  const counts = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

module.exports = ProbeEnvironment;
