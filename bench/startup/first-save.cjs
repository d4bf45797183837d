'use strict';
// One fresh process of the startup scenario: `node first-save.cjs <kind> <target> <dataDir>`.
// library / original: require the package at <target>, connect a FileStorageAdapter on <dataDir>
// and save one program. proxy: what the original's entry loads and does for the same work without
// its code: it requires the mongodb driver (its index loads its MongoDB adapter, which imports the
// driver at top level), creates its four folders and writes the program as JSON, as it saves one.
// Prints the peak resident memory, the CPU time (all threads) and the number of modules loaded, as one JSON line.
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const [kind, target, dataDir] = process.argv.slice(2);
const program = {
  id: 'startup-program',
  name: 'startup',
  source: 'function main() { const name = CC("Your name?"); console.log("Hello " + name); }',
  bytecode: Array.from({ length: 20 }, (_, i) => ({ op: i % 2 === 0 ? 'PUSH' : 'PRINT', arg: `line ${i}`, line: i + 1 })),
  created: new Date(0),
};

async function loadPackage(entry) {
  const file = require.resolve(entry);
  // A package compiled to ES modules is imported; CommonJS is required, as its users would.
  return file.endsWith('.mjs') || isModulePackage(file) ? import(pathToFileURL(file).href) : require(file);
}

function isModulePackage(file) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
  }
  return false;
}

async function main() {
  if (kind === 'proxy') {
    require(target);
    for (const folder of ['', 'programs', 'executions', 'outputs']) await fs.promises.mkdir(path.join(dataDir, folder), { recursive: true });
    await fs.promises.writeFile(path.join(dataDir, 'programs', `${program.id}.json`), JSON.stringify(program, null, 2), 'utf-8');
  } else {
    const { FileStorageAdapter } = await loadPackage(target);
    const adapter = new FileStorageAdapter(dataDir);
    await adapter.connect();
    await adapter.saveProgram(program);
    await adapter.disconnect();
  }
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(`${JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs, modules: Object.keys(require.cache).length })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
