import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

/** The markdown files whose TypeScript blocks must compile: README.md and docs/*.md. */
export function documentationFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
  return ['README.md', ...docs.sort()];
}

export interface CodeBlock {
  /** Repository-relative markdown file. */
  file: string;
  /** 1-based line of the block's first code line (the line after the opening fence). */
  line: number;
  lang: string;
  code: string;
}

const FENCE = /^(`{3,}|~{3,})\s*([\w+-]*)/;

/** Every fenced code block of a markdown file, in order. */
export function codeBlocksOf(file: string, text = readFileSync(path.join(ROOT, file), 'utf8')): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = FENCE.exec(lines[index]);
    if (open === null) continue;
    const [, fence, lang] = open;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith(fence)) end += 1;
    if (end === lines.length) throw new Error(`${file}:${index + 1}: code block is not closed`);
    blocks.push({ file, line: start + 1, lang, code: lines.slice(start, end).join('\n') + '\n' });
    index = end;
  }
  return blocks;
}

export const isTypeScript = (block: CodeBlock): boolean => block.lang === 'ts' || block.lang === 'typescript';

/** `// excerpt of <path>` on a block's first line: the block is part of that file. */
export function excerptSource(block: CodeBlock): string | undefined {
  return /^\/\/ excerpt of (\S+)\s*$/.exec(block.code.split('\n')[0])?.[1];
}

/** `// ES module` on a block's first line: the block needs ES module semantics (top-level await). */
export const isEsModule = (block: CodeBlock): boolean => /^\/\/ ES module\b/.test(block.code);
