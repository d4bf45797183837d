// Uses the built package the way a plain Node user does: by name, through its `exports` map.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createStorageAdapter, FileStorageAdapter, StorageAdapter } = require('@cvm/storage');

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-smoke-'));
  try {
    const storage = await createStorageAdapter({ dataDir });
    assert.ok(storage instanceof FileStorageAdapter && storage instanceof StorageAdapter);
    const created = new Date();
    await storage.saveProgram({ id: 'p', name: 'P', source: 's', bytecode: [{ op: 'HALT' }], created });
    assert.deepEqual(await storage.getProgram('p'), { id: 'p', name: 'P', source: 's', bytecode: [{ op: 'HALT' }], created });
    await storage.disconnect();
    console.log('package smoke test: ok');
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
