const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * Jest's globalSetup: a temp folder for this run, named in CVM_TEST_RUN_FOLDER, which the test
 * workers inherit. test/support/transpiled-folders.ts transpiles each folder of the repository
 * into it once per run, instead of once per test file; run-folder-teardown.cjs removes it.
 */
module.exports = function setup() {
  process.env.CVM_TEST_RUN_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-test-run-'));
};
