const fs = require('node:fs');

/** Jest's globalTeardown: removes the run's temp folder (run-folder-setup.cjs). */
module.exports = function teardown() {
  const folder = process.env.CVM_TEST_RUN_FOLDER;
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
};
