import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT, codeBlocksOf } from './markdown-blocks';

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as dashes. */
export function slugOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
}

/**
 * The anchors of a markdown file: its headings', numbered as GitHub numbers repeats (`-1`, `-2`),
 * and every `<a id="...">`.
 */
export function anchorsOf(file: string): Set<string> {
  const text = withoutCode(file);
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = slugOf(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const [, id] of text.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(id);
  return anchors;
}

/** The file's text with its fenced code blocks blanked out. */
function withoutCode(file: string): string {
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  for (const block of codeBlocksOf(file)) {
    const count = block.code.split('\n').length - 1;
    for (let index = block.line - 2; index <= block.line - 1 + count; index += 1) lines[index] = '';
  }
  return lines.join('\n');
}

export interface Link {
  file: string;
  line: number;
  target: string;
}

/** Every inline markdown link `[text](target)` outside code blocks and code spans. */
export function linksOf(file: string): Link[] {
  return withoutCode(file)
    .split('\n')
    .flatMap((text, index) =>
      [...text.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => ({ file, line: index + 1, target })),
    );
}

/** Why a link within the repository does not resolve, or null when it does (or leads outside). */
export function brokenBecause(link: Link): string | null {
  if (/^[a-z][a-z+.-]*:/i.test(link.target)) return null;
  const [pathPart, anchor] = link.target.split('#', 2);
  const target = pathPart === '' ? link.file : path.posix.normalize(path.posix.join(path.posix.dirname(link.file), decodeURIComponent(pathPart)));
  const absolute = path.join(ROOT, target);
  if (!existsSync(absolute)) return `${target} does not exist`;
  if (anchor === undefined) return null;
  if (!statSync(absolute).isFile() || !target.endsWith('.md')) return `${target} is not a markdown file, so has no #${anchor}`;
  return anchorsOf(target).has(anchor) ? null : `${target} has no heading #${anchor}`;
}
