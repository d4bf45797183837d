'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { runCommand } = require('./run-command.cjs');

/** `npm pack` of the built package into `destination`: the tarball's path and its file list. */
async function pack(repo, destination) {
  if (!fs.existsSync(path.join(repo, 'dist', 'src', 'index.js'))) {
    throw new Error(`no build in ${path.join(repo, 'dist')}: run \`npm run build\` first`);
  }
  const output = await runCommand('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: repo });
  const [result] = JSON.parse(output.slice(output.indexOf('[')));
  return { tarball: path.join(destination, result.filename), files: result.files.map((file) => file.path) };
}

module.exports = { pack };
