'use strict';

const MARKED = /<!-- quick-start -->\n```typescript\n([\s\S]*?)```/;

/** The README's Quick start code block, the one marked `<!-- quick-start -->`. */
function quickStartFrom(readme) {
  const match = MARKED.exec(readme);
  if (match === null) throw new Error('README.md has no ```typescript block after <!-- quick-start -->');
  return match[1];
}

module.exports = { quickStartFrom };
