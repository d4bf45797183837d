'use strict';
// The consumer matrix: packs the built package, checks the tarball, then installs it into fresh
// projects of every kind a user may have (CommonJS, ESM, TypeScript 5.9 and 7 under nodenext and
// bundler, Nest 11 and 12, Nest 12 with TypeScript 7), type-checks each and runs a save/get round trip in each. `npm run test:consumers`.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { checkTarball } = require('./check-tarball.cjs');
const { consumers } = require('./consumers.cjs');
const { pack } = require('./pack.cjs');
const { quickStartFrom } = require('./quick-start.cjs');
const { runCommand } = require('./run-command.cjs');

const REPO = path.resolve(__dirname, '../..');

// Run from `npm publish --dry-run` (prepublishOnly), npm passes dry-run on to every npm this
// starts, and `npm pack` would then write no tarball: the matrix packs and installs for real.
delete process.env.npm_config_dry_run;
const PARALLEL = 3;

async function timed(label, work) {
  const started = Date.now();
  const result = await work();
  console.log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Creates, installs, type-checks and runs one consumer; resolves to its failure message or null. */
async function runConsumer(consumer, tarball, workDir) {
  const dir = path.join(workDir, consumer.name);
  const { dependencies, ...rest } = consumer.packageJson;
  const manifest = { name: `consumer-${consumer.name}`, private: true, ...rest, dependencies: { '@cvm/storage': `file:${tarball}`, ...dependencies } };
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const [name, content] of Object.entries(consumer.files)) fs.writeFileSync(path.join(dir, name), content);
  try {
    await timed(`${consumer.name}: npm install`, () =>
      runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir }),
    );
    for (const [command, ...args] of consumer.commands) {
      const output = await timed(`${consumer.name}: ${command} ${args.join(' ')}`, () => runCommand(command, args, { cwd: dir }));
      const tail = output.trim().split('\n').slice(-2).join('\n');
      if (tail !== '') console.log(tail.replace(/^/gm, `    ${consumer.name} | `));
    }
    if (consumer.quickStart && !fs.existsSync(path.join(dir, 'cvm-data', 'programs', 'hello-world.json'))) {
      return `${consumer.name}: the Quick start ran but stored no cvm-data/programs/hello-world.json`;
    }
    return null;
  } catch (error) {
    return `${consumer.name}: ${error.message}`;
  }
}

async function main() {
  const started = Date.now();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-consumers-'));
  const failures = [];
  try {
    const { tarball, files } = await timed('npm pack', () => pack(REPO, workDir));
    console.log(`  packed ${path.basename(tarball)}: ${files.length} files`);
    failures.push(...(await checkTarball(tarball, files, workDir)).map((problem) => `tarball: ${problem}`));

    const queue = consumers(quickStartFrom(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8')));
    const names = queue.map((consumer) => consumer.name);
    const workers = Array.from({ length: PARALLEL }, async () => {
      for (let consumer = queue.shift(); consumer !== undefined; consumer = queue.shift()) {
        const failure = await runConsumer(consumer, tarball, workDir);
        if (failure !== null) failures.push(failure);
      }
    });
    await Promise.all(workers);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    for (const failure of failures) console.error(`FAILED ${failure}`);
    const passed = names.length + 1 - new Set(failures.map((f) => f.split(':')[0])).size;
    console.log(`consumer matrix (tarball check, ${names.join(', ')}) in ${seconds} s`);
    console.log(`consumers: ${passed} passed, ${names.length + 1 - passed} failed`);
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    if (process.env.CVM_KEEP_CONSUMERS) console.log(`kept ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
