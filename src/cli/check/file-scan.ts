import path from 'node:path';
import { documentToExecution, documentToProgram } from '../../codec/record-codec';
import { CodecError } from '../../codec/value-codec';
import { CURRENT_EXECUTION_KEY } from '../../repositories/current-execution-key';
import { CorruptRecordError, ValidationError } from '../../errors';
import { fileNameOf, idOfFileName, isHashedName } from '../../repositories/file/file-names';
import { ORIGINAL_OUTPUT } from '../../repositories/file/file-store';
import { parseOutputLog } from '../../repositories/file/output-log';
import { storedMetadataOf, type StoredMetadata } from '../../repositories/file/metadata-file';
import { validateExecution, validateProgram } from '../../validation/validate-record';
import { currentStamp, readStamped } from './file-stamp';
import { scanHistory } from './file-history-scan';
import { regularFileNames } from './temp-leftover';
import { newerFormatDetail, newerFormatOf } from './newer-format';
import type { CheckHooks, FileStamp, Problem } from './problems';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const RECORD_FOLDERS = { programs: documentToProgram, executions: documentToExecution } as const;
const NEWLINE = 0x0a;

/** What one record file holds: a problem or none, and whether the record is there for its output and the pointer. */
interface RecordCheck {
  problem: Problem | null;
  /** Readable, or written by a newer version: its output is not an orphan, a pointer to it does not dangle. */
  present: boolean;
  /** The id the record holds, when it could be read. */
  id: string | null;
}

/**
 * Reads every file of a file store directly (without connecting, which would remove temp-file
 * leftovers before they are seen) and reports what the adapter would fail on or silently skip. A
 * file that vanishes while it is read (a delete by a live writer) is not damage: it is left out.
 * Output without an execution, and a pointer naming none, are checked again at the end, so an
 * execution saved while the scan ran is not reported missing.
 */
export async function scanFileStore(dataDir: string, hooks: CheckHooks = {}): Promise<Problem[]> {
  const problems: Problem[] = [];
  /** The executions that are there (readable, or of a newer version), by their file name (without extension). */
  const present = new Map<string, string | null>();
  for (const folder of ['programs', 'executions'] as const) {
    for (const name of await regularFileNames(path.join(dataDir, folder), problems)) {
      if (!name.endsWith('.json')) continue;
      const base = name.slice(0, -5);
      const file = path.join(dataDir, folder, name);
      if (idOfFileName(base) === null && !isHashedName(base)) {
        const scanned = await currentStamp(file);
        if (scanned !== null) problems.push({ kind: 'damaged-record', location: file, detail: 'its name is no file name of an id: the adapter skips it', repair: { action: 'quarantine-file', path: file, scanned } });
        continue;
      }
      const checked = await checkRecordFile(file, folder, base, hooks);
      if (checked?.problem) problems.push(checked.problem);
      if (checked?.present && folder === 'executions') present.set(base, checked.id);
    }
  }
  const orphans: Problem[] = [];
  for (const name of await regularFileNames(path.join(dataDir, 'outputs'), problems)) {
    if (name.endsWith(ORIGINAL_OUTPUT)) {
      // The original package's output (read as it read it, so never damaged): only an orphan can be wrong with it.
      const base = name.slice(0, -ORIGINAL_OUTPUT.length);
      const file = path.join(dataDir, 'outputs', name);
      await hooks.at?.('read', file);
      const stamp = await currentStamp(file);
      if (stamp !== null && !present.has(base)) orphans.push(orphanOutput(file, base, stamp));
      continue;
    }
    if (!name.endsWith('.jsonl')) continue;
    const base = name.slice(0, -6);
    const file = path.join(dataDir, 'outputs', name);
    const checked = await checkOutputFile(file, idOfFileName(base) ?? base, hooks);
    if (checked === null) continue;
    if (checked.problem !== null) problems.push(checked.problem);
    const readable = checked.problem === null || checked.problem.kind === 'torn-output-tail';
    if (readable && !present.has(base)) orphans.push(orphanOutput(file, base, checked.stamp));
  }
  for (const orphan of orphans) {
    const name = path.basename(orphan.location, path.extname(orphan.location));
    if (!(await presentByName(dataDir, name, idOfFileName(name)))) problems.push(orphan);
  }
  problems.push(...(await scanHistory(dataDir, (name) => present.has(name), hooks)));
  await regularFileNames(path.join(dataDir, '.'), problems);
  const current = await readCurrent(dataDir, problems, hooks);
  if (current !== null && !isPresent(present, current) && !(await executionPresent(dataDir, current))) {
    problems.push({
      kind: 'dangling-current',
      location: path.join(dataDir, 'metadata.json'),
      detail: `the current execution ${current} does not exist or is damaged`,
      repair: { action: 'clear-current', executionId: current },
    });
  }
  return problems;
}

/** Output whose execution file `name` the scan did not find; moved only while that execution is still missing. */
function orphanOutput(file: string, name: string, scanned: FileStamp): Problem {
  const id = idOfFileName(name);
  const detail = id !== null ? `no readable execution ${id}` : isHashedName(name) ? `no readable execution with a long id named ${name}` : 'its name is no file name of an id: the adapter skips it';
  return { kind: 'orphan-output', location: file, detail, repair: { action: 'quarantine-file', path: file, scanned, ...(id === null ? {} : { executionId: id }) } };
}

/** Whether the execution's record is there now: readable, or written by a newer version. */
export function executionPresent(dataDir: string, id: string): Promise<boolean> {
  return presentByName(dataDir, fileNameOf(id), id);
}

/** Whether the execution file `name` is there now, holding `id` when one is given. */
export async function presentByName(dataDir: string, name: string, id: string | null): Promise<boolean> {
  const checked = await checkRecordFile(path.join(dataDir, 'executions', `${name}.json`), 'executions', name);
  return checked?.present === true && (id === null || checked.id === null || checked.id === id);
}

/** Whether the scan found the execution `id` there. */
function isPresent(present: Map<string, string | null>, id: string): boolean {
  const held = present.get(fileNameOf(id));
  return held !== undefined && (held === null || held === id);
}

/** The record file's state; null when it vanished before it could be read. `name` is the file's name without extension. */
async function checkRecordFile(file: string, folder: keyof typeof RECORD_FOLDERS, name: string, hooks: CheckHooks = {}): Promise<RecordCheck | null> {
  await hooks.at?.('read', file);
  const read = await readStamped(file);
  if (read === null) return null;
  const damaged = (detail: string): RecordCheck => ({
    problem: { kind: 'damaged-record', location: file, detail, repair: { action: 'quarantine-file', path: file, scanned: read.stamp } },
    present: false,
    id: null,
  });
  let text: string;
  try {
    text = UTF8.decode(read.bytes);
  } catch {
    return damaged('not UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return damaged(text.length === 0 ? 'empty' : 'not JSON');
  }
  const newer = newerFormatOf(value);
  if (newer !== null) return { problem: { kind: 'newer-format', location: file, detail: newerFormatDetail(newer), repair: { action: 'none' } }, present: true, id: null };
  let id: string;
  try {
    const record = RECORD_FOLDERS[folder](value);
    if (folder === 'programs') validateProgram(record, 'compatible');
    else validateExecution(record, 'compatible');
    if (fileNameOf(record.id) !== name) return damaged(`wrong id: it holds ${JSON.stringify(record.id)}`);
    id = record.id;
  } catch (error) {
    if (error instanceof CodecError || error instanceof ValidationError) return damaged(`not valid: ${error.message}`);
    throw error;
  }
  return { problem: null, present: true, id };
}

/**
 * A torn tail is an append cut short by a crash: the bytes after the last newline form no record
 * (the adapter skips them). Anything else unreadable makes the whole file damaged; a record
 * written by a newer version is reported as such and left alone. Null when the file vanished.
 */
async function checkOutputFile(file: string, executionId: string, hooks: CheckHooks): Promise<{ problem: Problem | null; stamp: FileStamp } | null> {
  await hooks.at?.('read', file);
  const read = await readStamped(file);
  if (read === null) return null;
  const { bytes, stamp } = read;
  const lastNewline = bytes.lastIndexOf(NEWLINE);
  const tail = bytes.subarray(lastNewline + 1).toString('utf8');
  const torn = tail !== '' && (tail.startsWith('[') || tail.startsWith('{')) && !parses(tail);
  const body = torn ? bytes.subarray(0, Math.max(lastNewline, 0)) : bytes;
  try {
    parseOutputLog(body.toString('utf8'), file);
  } catch (error) {
    if (!(error instanceof CorruptRecordError)) throw error;
    const newer = newestRecordFormat(body.toString('utf8'));
    if (newer !== null) return { problem: { kind: 'newer-format', location: file, detail: newerFormatDetail(newer), repair: { action: 'none' } }, stamp };
    return { problem: { kind: 'damaged-output', location: file, detail: error.message, repair: { action: 'quarantine-file', path: file, scanned: stamp } }, stamp };
  }
  if (!torn) return { problem: null, stamp };
  return {
    problem: {
      kind: 'torn-output-tail',
      location: file,
      detail: `${bytes.length - body.length} bytes of an append cut short`,
      repair: { action: 'seal-tail', path: file, keepBytes: body.length, scanned: stamp, executionId },
    },
    stamp,
  };
}

/** The highest newer format among the output records of `text`; null when none is newer. */
function newestRecordFormat(text: string): number | null {
  let newest: number | null = null;
  for (const record of text.split('\n')) {
    if (!record.startsWith('{')) continue;
    const format = newerFormatOf(tryParse(record));
    if (format !== null && (newest === null || format > newest)) newest = format;
  }
  return newest;
}

async function readCurrent(dataDir: string, problems: Problem[], hooks: CheckHooks): Promise<string | null> {
  const file = path.join(dataDir, 'metadata.json');
  await hooks.at?.('read', file);
  const read = await readStamped(file);
  if (read === null) return null;
  let parsed: unknown;
  let settings: StoredMetadata;
  try {
    parsed = JSON.parse(UTF8.decode(read.bytes));
  } catch {
    problems.push({ kind: 'damaged-metadata', location: file, detail: 'not JSON', repair: { action: 'quarantine-file', path: file, scanned: read.stamp } });
    return null;
  }
  const newer = newerFormatOf(parsed);
  if (newer !== null) {
    problems.push({ kind: 'newer-format', location: file, detail: newerFormatDetail(newer), repair: { action: 'none' } });
    return null;
  }
  try {
    settings = storedMetadataOf(parsed, file);
  } catch (error) {
    const detail = error instanceof CorruptRecordError ? error.message : 'not JSON';
    problems.push({ kind: 'damaged-metadata', location: file, detail, repair: { action: 'quarantine-file', path: file, scanned: read.stamp } });
    return null;
  }
  const current = settings[CURRENT_EXECUTION_KEY];
  return typeof current === 'string' ? current : null;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parses(text: string): boolean {
  return tryParse(text) !== undefined;
}
