import { promises as fs } from 'node:fs';
import path from 'node:path';
import { documentToExecution, documentToProgram } from '../../codec/record-codec';
import { CodecError } from '../../codec/value-codec';
import { CURRENT_EXECUTION_KEY } from '../../entities/metadata.entity';
import { CorruptRecordError, ValidationError } from '../../errors';
import { fileNameOf, idOfFileName, isHashedName } from '../../repositories/file/file-names';
import { parseOutputLog } from '../../repositories/file/output-log';
import { settingsOf, type Settings } from '../../repositories/file/settings-file';
import { isLeftover, tempFileOwner } from '../../repositories/file/temp-files';
import { validateExecution, validateProgram } from '../../validation/validate-record';
import type { Problem } from './problems';
import { nullIfMissing } from '../../util/null-if-missing';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const RECORD_FOLDERS = { programs: documentToProgram, executions: documentToExecution } as const;
const NEWLINE = 0x0a;

/**
 * Reads every file of a file store directly (without connecting, which would remove temp-file
 * leftovers before they are seen) and reports what the adapter would fail on or silently skip.
 */
export async function scanFileStore(dataDir: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  /** The readable executions, by the file name (without extension) their id has. */
  const validExecutions = new Map<string, string>();
  for (const folder of ['programs', 'executions'] as const) {
    for (const name of await namesIn(dataDir, folder, problems)) {
      if (!name.endsWith('.json')) continue;
      const base = name.slice(0, -5);
      const file = path.join(dataDir, folder, name);
      const id = idOfFileName(base);
      if (id === null && !isHashedName(base)) {
        problems.push({ kind: 'damaged-record', location: file, detail: 'its name is no file name of an id: the adapter skips it', repair: { action: 'quarantine-file', path: file } });
        continue;
      }
      const checked = await checkRecordFile(file, folder, base);
      if (typeof checked !== 'string') problems.push(checked);
      else if (folder === 'executions') validExecutions.set(base, checked);
    }
  }
  for (const name of await namesIn(dataDir, 'outputs', problems)) {
    if (!name.endsWith('.jsonl')) continue;
    const base = name.slice(0, -6);
    const file = path.join(dataDir, 'outputs', name);
    const problem = await checkOutputFile(file);
    if (problem !== null) problems.push(problem);
    if (problem?.kind !== 'damaged-output' && !validExecutions.has(base)) {
      const id = idOfFileName(base);
      const detail = id !== null ? `no readable execution ${id}` : isHashedName(base) ? `no readable execution with a long id named ${base}` : 'its name is no file name of an id: the adapter skips it';
      problems.push({ kind: 'orphan-output', location: file, detail, repair: { action: 'quarantine-file', path: file } });
    }
  }
  await namesIn(dataDir, '.', problems);
  const current = await readCurrent(dataDir, problems);
  if (current !== null && validExecutions.get(fileNameOf(current)) !== current) {
    problems.push({
      kind: 'dangling-current',
      location: path.join(dataDir, 'metadata.json'),
      detail: `the current execution ${current} does not exist or is damaged`,
      repair: { action: 'clear-current' },
    });
  }
  return problems;
}

/** The regular files in the folder; temp-file leftovers among them are reported and left out. */
async function namesIn(dataDir: string, folder: string, problems: Problem[]): Promise<string[]> {
  const directory = path.join(dataDir, folder);
  const entries = (await fs.readdir(directory, { withFileTypes: true }).catch(nullIfMissing)) ?? [];
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(directory, entry.name);
    if (tempFileOwner(entry.name) !== null) {
      const stats = await fs.lstat(file).catch(() => null);
      if (stats !== null && isLeftover(entry.name, stats.mtimeMs)) {
        problems.push({ kind: 'temp-leftover', location: file, detail: 'a temp file of a writer that is gone', repair: { action: 'quarantine-file', path: file } });
      }
      continue;
    }
    names.push(entry.name);
  }
  return names;
}

/** The id the record file holds, or its problem; `name` is the file's name without extension. */
async function checkRecordFile(file: string, folder: keyof typeof RECORD_FOLDERS, name: string): Promise<string | Problem> {
  const damaged = (detail: string): Problem => ({ kind: 'damaged-record', location: file, detail, repair: { action: 'quarantine-file', path: file } });
  let text: string;
  try {
    text = UTF8.decode(await fs.readFile(file));
  } catch {
    return damaged('not UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return damaged(text.length === 0 ? 'empty' : 'not JSON');
  }
  try {
    const record = RECORD_FOLDERS[folder](value);
    if (folder === 'programs') validateProgram(record, 'compatible');
    else validateExecution(record, 'compatible');
    if (fileNameOf(record.id) !== name) return damaged(`wrong id: it holds ${JSON.stringify(record.id)}`);
    return record.id;
  } catch (error) {
    if (error instanceof CodecError || error instanceof ValidationError) return damaged(`not valid: ${error.message}`);
    throw error;
  }
}

/**
 * A torn tail is an append cut short by a crash: the bytes after the last newline form no record
 * (the adapter skips them). Anything else unreadable makes the whole file damaged.
 */
async function checkOutputFile(file: string): Promise<Problem | null> {
  const bytes = await fs.readFile(file);
  const lastNewline = bytes.lastIndexOf(NEWLINE);
  const tail = bytes.subarray(lastNewline + 1).toString('utf8');
  const torn = tail !== '' && (tail.startsWith('[') || tail.startsWith('{')) && !parses(tail);
  const body = torn ? bytes.subarray(0, Math.max(lastNewline, 0)) : bytes;
  try {
    parseOutputLog(body.toString('utf8'), file);
  } catch (error) {
    if (error instanceof CorruptRecordError) return { kind: 'damaged-output', location: file, detail: error.message, repair: { action: 'quarantine-file', path: file } };
    throw error;
  }
  if (!torn) return null;
  return {
    kind: 'torn-output-tail',
    location: file,
    detail: `${bytes.length - body.length} bytes of an append cut short`,
    repair: { action: 'drop-tail', path: file, keepBytes: body.length },
  };
}

async function readCurrent(dataDir: string, problems: Problem[]): Promise<string | null> {
  const file = path.join(dataDir, 'metadata.json');
  const bytes = await fs.readFile(file).catch(nullIfMissing);
  if (bytes === null) return null;
  let settings: Settings;
  try {
    settings = settingsOf(JSON.parse(UTF8.decode(bytes)), file);
  } catch (error) {
    const detail = error instanceof CorruptRecordError ? error.message : 'not JSON';
    problems.push({ kind: 'damaged-metadata', location: file, detail, repair: { action: 'quarantine-file', path: file } });
    return null;
  }
  const current = settings[CURRENT_EXECUTION_KEY];
  return typeof current === 'string' ? current : null;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
