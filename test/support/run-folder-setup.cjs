const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Memory-backed file systems where the run's temp files can go, in order of preference. */
const MEMORY_FOLDERS = ['/dev/shm'];

/** A folder under which this run's temp files go: memory-backed when the machine has one, unless CVM_TEST_ON_DISK=1. */
function tempBase() {
  if (process.env.CVM_TEST_ON_DISK === '1') return os.tmpdir();
  for (const folder of MEMORY_FOLDERS) {
    try {
      fs.accessSync(folder, fs.constants.W_OK);
      if (fs.statSync(folder).isDirectory()) return folder;
    } catch {
      // not on this machine
    }
  }
  return os.tmpdir();
}

/**
 * Jest's globalSetup: a temp folder for this run, named in CVM_TEST_RUN_FOLDER, which the test
 * workers inherit. test/support/transpiled-folders.ts transpiles each folder of the repository
 * into it once per run, instead of once per test file; run-folder-teardown.cjs removes it.
 * TMPDIR points the workers and the processes they start at its `tmp` folder, so the data folders
 * the tests make and remove by the thousand live in memory (docs/testing.md).
 */
module.exports = function setup() {
  const folder = fs.mkdtempSync(path.join(tempBase(), 'cvm-test-run-'));
  const tmp = path.join(folder, 'tmp');
  fs.mkdirSync(tmp);
  process.env.CVM_TEST_RUN_FOLDER = folder;
  process.env.TMPDIR = tmp;
};
