'use strict';
const { spawn } = require('node:child_process');

/**
 * Runs a command without a shell and resolves to its output; rejects with an error that names the
 * command, the folder and the output's tail when it exits non-zero.
 */
function runCommand(command, args, { cwd, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve(output);
      const tail = output.split('\n').slice(-40).join('\n');
      reject(new Error(`\`${command} ${args.join(' ')}\` in ${cwd ?? process.cwd()} exited ${code}:\n${tail}`));
    });
  });
}

module.exports = { runCommand };
