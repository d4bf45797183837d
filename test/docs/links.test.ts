/** Every relative link in README.md and docs/*.md leads to a file of the repository, and every `#anchor` to a heading. */
import { anchorsOf, brokenBecause, linksOf, slugOf } from './markdown-links';
import { documentationFiles } from './markdown-blocks';

const links = documentationFiles().flatMap((file) => linksOf(file));

describe('links in README.md and docs/*.md', () => {
  it('makes anchors as GitHub does', () => {
    expect(slugOf('Checking a store in use: `cvm-storage check`')).toBe('checking-a-store-in-use-cvm-storage-check');
    expect(slugOf('HTTP apps: NestJS and Express')).toBe('http-apps-nestjs-and-express');
    expect(anchorsOf('README.md').size).toBeGreaterThan(5);
  });

  it('reports a missing file and a missing heading', () => {
    expect(brokenBecause({ file: 'README.md', line: 1, target: 'docs/nowhere.md' })).toBe('docs/nowhere.md does not exist');
    expect(brokenBecause({ file: 'docs/api.md', line: 1, target: '../README.md#no-such-heading' })).toBe('README.md has no heading #no-such-heading');
  });

  it('finds the links', () => {
    expect(links.length).toBeGreaterThan(50);
  });

  it.each(links.map((link) => [`${link.file}:${link.line}`, link.target, link] as const))('%s %s resolves', (_where, _target, link) => {
    expect(brokenBecause(link)).toBeNull();
  });
});
