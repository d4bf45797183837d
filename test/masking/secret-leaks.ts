import { inspect } from 'node:util';

/** Every rendering of `error` a person or a log could see: message, stack, own properties, JSON, util.inspect, down the cause chain. */
export function renderingsOf(error: unknown): string[] {
  const texts = [inspect(error, { depth: 10, showHidden: true })];
  let link: unknown = error;
  for (let depth = 0; link !== undefined && link !== null && depth < 10; depth++) {
    texts.push(String(link), safeJson(link));
    if (typeof link === 'object') {
      for (const key of Object.getOwnPropertyNames(link)) texts.push(`${key}=${String((link as Record<string, unknown>)[key])}`);
    }
    link = link instanceof Error ? link.cause : undefined;
  }
  return texts;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** The secrets found in any of `texts`, with where: empty when nothing leaked. */
export function leaks(texts: string[], secrets: string[]): string[] {
  return secrets.flatMap((secret) => texts.filter((text) => text.includes(secret)).map((text) => `${secret} in ${text.slice(0, 300)}`));
}
