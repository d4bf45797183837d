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

function countOf(kinds) {
  const counts = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

module.exports = ProbeEnvironment;
