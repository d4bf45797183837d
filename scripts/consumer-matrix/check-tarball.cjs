'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { runCommand } = require('./run-command.cjs');

const REQUIRED_FIELDS = ['license', 'repository', 'homepage', 'bugs', 'keywords'];
const TEST_FILE = /(^|\/)(test|tests|__tests__)\/|\.(test|spec|e2e)\.[cm]?[jt]s$/;

/**
 * What is wrong with the packed tarball, as a list of problems (empty when it is fine): test files,
 * a missing LICENSE or docs, source maps naming files the package lacks, links in its Markdown to
 * files it lacks, exports entries with no file, missing package.json fields.
 */
async function checkTarball(tarball, files, workDir) {
  const problems = [];
  const listed = new Set(files);
  const unpacked = path.join(workDir, 'unpacked');
  fs.mkdirSync(unpacked, { recursive: true });
  await runCommand('tar', ['-xzf', tarball, '-C', unpacked]);
  const root = path.join(unpacked, 'package');

  for (const file of files.filter((f) => TEST_FILE.test(f))) problems.push(`ships a test file: ${file}`);
  if (!listed.has('LICENSE')) problems.push('ships no LICENSE');
  if (!files.some((f) => f.startsWith('docs/') && f.endsWith('.md'))) problems.push('ships no docs/*.md');

  for (const map of files.filter((f) => f.endsWith('.map'))) {
    const { sources = [], sourceRoot = '' } = JSON.parse(fs.readFileSync(path.join(root, map), 'utf8'));
    for (const source of sources) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(map), sourceRoot, source));
      if (!listed.has(target)) problems.push(`${map} names ${target}, which the package does not ship`);
    }
  }

  for (const doc of files.filter((f) => f.endsWith('.md'))) {
    const text = fs.readFileSync(path.join(root, doc), 'utf8');
    for (const [, link] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/i.test(link)) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(doc), link));
      if (!fs.existsSync(path.join(root, target))) problems.push(`${doc} links to ${link}, which the package does not ship`);
    }
  }

  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  for (const field of REQUIRED_FIELDS) if (manifest[field] === undefined) problems.push(`package.json has no "${field}"`);
  for (const [entry, targets] of Object.entries(manifest.exports)) {
    for (const target of typeof targets === 'string' ? [targets] : Object.values(targets)) {
      if (!listed.has(path.posix.normalize(target))) problems.push(`exports["${entry}"] names ${target}, which the package does not ship`);
    }
  }
  return problems;
}

module.exports = { checkTarball };
