// Step 2: the original's VM manager and MCP server, unchanged, type-checked against src/index.ts,
// without and with the registration file (cvm-storage-types.ts). The original's own @cvm/*
// packages come from the checkout; shims stand in only for what the checkout lacks.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const SHIMS = path.join(__dirname, 'shims');
const TARGETS = ['packages/vm/src/lib/vm-manager.ts', 'packages/mcp-server/src/lib/mcp-server.ts'];
const THIRD_PARTY = { '@modelcontextprotocol/sdk': 'mcp-sdk.d.ts', zod: 'zod.d.ts', pino: 'pino.d.ts' };

function resolvesFrom(original, name) {
  const from = [original, ...TARGETS.map((target) => path.dirname(path.join(original, target)))];
  try {
    require.resolve(`${name}/package.json`, { paths: from });
    return true;
  } catch {
    return false;
  }
}

function compilerSetup(original) {
  const paths = { '@cvm/storage': [path.join(ROOT, 'src/index.ts')] };
  const shims = [];
  const packagesDir = path.join(original, 'packages');
  for (const pkg of fs.readdirSync(packagesDir)) {
    if (pkg === 'storage') continue;
    const entry = path.join(packagesDir, pkg, 'src/index.ts');
    if (fs.existsSync(entry)) paths[`@cvm/${pkg}`] = [entry];
  }
  if (!paths['@cvm/types']) throw new Error(`no packages/types/src/index.ts in ${original}`);
  if (!paths['@cvm/parser']) shims.push(path.join(SHIMS, 'parser.d.ts'));
  for (const [name, file] of Object.entries(THIRD_PARTY)) if (!resolvesFrom(original, name)) shims.push(path.join(SHIMS, 'third-party', file));
  return { paths, shims };
}

function runTsc(original, workDir, label, extraFiles, setup) {
  const tsconfig = path.join(workDir, `tsconfig.${label}.json`);
  fs.writeFileSync(tsconfig, JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true,
      experimentalDecorators: true, emitDecoratorMetadata: true, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules/@types')],
      paths: setup.paths,
    },
    files: [...extraFiles, ...TARGETS.map((target) => path.join(original, target)), ...setup.shims],
  }, null, 2));
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', tsconfig, '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // tsc prints each error as `file(line,col): error TSnnnn: ...`, the file relative to its cwd.
  const errors = tsc.stdout.split('\n').flatMap((line) => {
    const match = /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line);
    return match ? [{ file: path.resolve(ROOT, match[1]), line }] : [];
  });
  if (errors.length === 0 && tsc.status !== 0) throw new Error(`tsc failed without reporting errors:\n${tsc.stdout}${tsc.stderr}`);
  const targetFiles = TARGETS.map((target) => path.join(original, target));
  const inTargets = errors.filter((error) => targetFiles.includes(error.file));
  const byTarget = targetFiles.map((file) => `${path.basename(file)} ${inTargets.filter((error) => error.file === file).length}`);
  console.log(`${label}: ${inTargets.length} errors (${byTarget.join(', ')}); ${errors.length - inTargets.length} in other files of the checkout`);
  const shown = (error) => error.line.replace(/^.+?\(/, `${path.relative(original, error.file)}(`);
  for (const error of inTargets) console.log(`  ${shown(error)}`);
  for (const error of errors.filter((e) => !inTargets.includes(e))) console.log(`  (other file) ${error.file.startsWith(original) ? shown(error) : error.line}`);
  return inTargets.length;
}

function typecheckOriginal(original, workDir) {
  for (const target of TARGETS) if (!fs.existsSync(path.join(original, target))) throw new Error(`${target} missing in ${original}`);
  const setup = compilerSetup(original);
  console.log(`@cvm/* from the checkout: ${Object.keys(setup.paths).filter((name) => name !== '@cvm/storage').join(', ')}; shims: ${setup.shims.map((file) => path.relative(SHIMS, file)).join(', ') || 'none'}`);
  const without = runTsc(original, workDir, 'without registration', [], setup);
  const withRegistration = runTsc(original, workDir, 'with registration', [path.join(__dirname, 'cvm-storage-types.ts')], setup);
  return { without, with: withRegistration };
}

module.exports = { typecheckOriginal };
