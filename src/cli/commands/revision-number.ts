import { UsageError } from '../cli-errors';

/** A `--revision`, `--before` or `--limit` value: a whole number from 1. */
export function wholeNumberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new UsageError(`${flag} must be a whole number of at least 1, not ${JSON.stringify(text)}`);
  return value;
}
