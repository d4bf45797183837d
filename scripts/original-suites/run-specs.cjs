// Step 1: the original's storage specs (vitest) under jest, against this package's src/index.ts.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startSecantus } = require('./secantus.cjs');
const excluded = require('./excluded-tests.cjs');

const ROOT = path.resolve(__dirname, '../..');
const SHIMS = path.join(__dirname, 'shims');
// The URL the original's MongoDB spec hard-codes (a docker-compose server with a root user).
const ORIGINAL_MONGO_URL = /mongodb:\/\/root:example@localhost:27017\/cvm_test\?authSource=admin/g;

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const firstExisting = (...candidates) => candidates.find((file) => fs.existsSync(file));

function copySpecs(original, specsDir, mongoUrl) {
  const libDir = path.join(original, 'packages/storage/src/lib');
  const specs = fs.readdirSync(libDir).filter((name) => name.endsWith('.spec.ts'));
  if (specs.length === 0) throw new Error(`no *.spec.ts in ${libDir}`);
  fs.mkdirSync(specsDir, { recursive: true });
  for (const name of specs) {
    let text = fs.readFileSync(path.join(libDir, name), 'utf8');
    if (name === 'mongodb-adapter.spec.ts') {
      if (!ORIGINAL_MONGO_URL.test(text)) throw new Error(`${name}: the original's MongoDB URL was not found; update ORIGINAL_MONGO_URL`);
      text = text.replace(ORIGINAL_MONGO_URL, mongoUrl);
    }
    fs.writeFileSync(path.join(specsDir, name), text);
  }
  // The original's own modules the specs import as ./name.js: all of them are this package now.
  const modules = new Set(fs.readdirSync(libDir).filter((n) => n.endsWith('.ts') && !n.endsWith('.spec.ts')).map((n) => n.slice(0, -3)));
  for (const name of specs) modules.add(name.slice(0, -'.spec.ts'.length));
  return { specs, modules: [...modules] };
}

function jestConfig(original, workDir, modules) {
  const types = firstExisting(path.join(original, 'packages/types/src/index.ts'), path.join(original, 'packages/types/src/lib/types.ts'));
  if (!types) throw new Error(`neither packages/types/src/index.ts nor lib/types.ts in ${original}`);
  const opcode = firstExisting(path.join(original, 'packages/parser/src/lib/bytecode.ts')) ?? path.join(SHIMS, 'parser-opcode.ts');
  fs.writeFileSync(path.join(workDir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'], strict: false,
      experimentalDecorators: true, emitDecoratorMetadata: true, useDefineForClassFields: false,
      esModuleInterop: true, skipLibCheck: true, isolatedModules: true, resolveJsonModule: true,
    },
  }, null, 2));
  return {
    rootDir: workDir,
    roots: [path.join(workDir, 'specs')],
    testMatch: ['**/*.spec.ts'],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': [require.resolve('ts-jest', { paths: [ROOT] }), { tsconfig: path.join(workDir, 'tsconfig.json') }] },
    moduleNameMapper: {
      '^vitest$': path.join(SHIMS, 'vitest.ts'),
      '^@cvm/storage$': path.join(ROOT, 'src/index.ts'),
      '^@cvm/types$': types,
      '^@cvm/parser$': opcode,
      [`^\\./(${modules.map(escapeRegExp).join('|')})\\.js$`]: path.join(SHIMS, 'storage-entry.ts'),
    },
    modulePaths: [path.join(ROOT, 'node_modules')],
    setupFiles: [require.resolve('reflect-metadata', { paths: [ROOT] })],
    testTimeout: 30_000,
    maxWorkers: 1,
    cacheDirectory: path.join(workDir, 'jest-cache'),
  };
}

function report(result) {
  const counts = { passed: 0, failed: 0, excluded: 0 };
  for (const file of result.testResults) {
    const name = path.basename(file.name);
    if (file.assertionResults.length === 0) {
      console.log(`FAIL ${name}: the file did not run: ${file.message.split('\n').filter((l) => l.trim()).slice(0, 6).join(' | ')}`);
      counts.failed += 1;
    }
    for (const test of file.assertionResults) {
      const exclusion = excluded.find((entry) => entry.file === name && entry.name === test.fullName);
      if (exclusion) {
        counts.excluded += 1;
        console.log(`EXCL ${name} > ${test.fullName}: excluded (${exclusion.reason}); here it ${test.status}`);
        continue;
      }
      const ok = test.status === 'passed';
      counts[ok ? 'passed' : 'failed'] += 1;
      const why = ok ? '' : `\n     ${(test.failureMessages[0] ?? test.status).split('\n').filter((l) => l.trim() && !l.includes(' at ')).slice(0, 4).join('\n     ')}`;
      console.log(`${ok ? 'PASS' : 'FAIL'} ${name} > ${test.fullName}${why}`);
    }
  }
  const unseen = excluded.filter((entry) => !result.testResults.some((f) => path.basename(f.name) === entry.file && f.assertionResults.some((t) => t.fullName === entry.name)));
  for (const entry of unseen) console.log(`NOTE the excluded test "${entry.name}" (${entry.file}) is not in this checkout's specs`);
  console.log(`${counts.passed} passed, ${counts.failed} failed (${counts.excluded} excluded)`);
  return counts;
}

async function runSpecs(original, workDir) {
  const server = await startSecantus();
  try {
    console.log(`SecantusDB pid ${server.pid} at ${server.url}`);
    const { modules } = copySpecs(original, path.join(workDir, 'specs'), server.url);
    const configFile = path.join(workDir, 'jest.config.json');
    fs.writeFileSync(configFile, JSON.stringify(jestConfig(original, workDir, modules), null, 2));
    const resultFile = path.join(workDir, 'jest-result.json');
    const env = { ...process.env };
    for (const name of ['MONGODB_URL', 'MONGODB_URI', 'CVM_STORAGE_TYPE', 'CVM_DATA_DIR']) delete env[name];
    const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest', { paths: [ROOT] }), '--config', configFile, '--json', `--outputFile=${resultFile}`],
      { cwd: workDir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (!fs.existsSync(resultFile)) throw new Error(`jest wrote no report (exit ${jest.status}):\n${jest.stderr}`);
    return report(JSON.parse(fs.readFileSync(resultFile, 'utf8')));
  } finally {
    await server.stop();
  }
}

module.exports = { runSpecs };
