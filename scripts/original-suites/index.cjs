// Runs the original CVM's own storage specs and type-checks its VM manager and MCP server against
// this package. Needs a checkout of the original monorepo; nothing of it is kept here.
//   npm run test:original -- --original <path-to-original-cvm-checkout>
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runSpecs } = require('./run-specs.cjs');
const { typecheckOriginal } = require('./typecheck.cjs');

function parseArgs(argv) {
  const at = argv.indexOf('--original');
  const value = at >= 0 ? argv[at + 1] : argv.find((arg) => arg.startsWith('--original='))?.slice('--original='.length);
  if (!value) throw new Error('usage: npm run test:original -- --original <path-to-original-cvm-checkout>');
  const original = path.resolve(value);
  if (!fs.existsSync(path.join(original, 'packages/storage/src/lib'))) throw new Error(`${original} has no packages/storage/src/lib: not a checkout of the original CVM`);
  return { original };
}

async function main() {
  const { original } = parseArgs(process.argv.slice(2));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-original-suites-'));
  try {
    console.log(`== 1. the original's storage specs (${original}/packages/storage/src/lib)`);
    const specs = await runSpecs(original, workDir);
    console.log('\n== 2. type check of the original\'s vm-manager.ts and mcp-server.ts against src/index.ts');
    const types = typecheckOriginal(original, workDir);
    // Without the registration the VM manager is expected to fail on OpCode (docs/compatibility.md);
    // with it, it and the MCP server must compile.
    const ok = specs.failed === 0 && types.with === 0;
    console.log(`\n${ok ? 'OK' : 'FAILED'}: specs ${specs.passed} passed, ${specs.failed} failed, ${specs.excluded} excluded; type errors without registration ${types.without}, with registration ${types.with}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 2;
});
