import { readFileSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { createFileDurably } from './durable-fs';
import { FOREIGN_TEMP_FILE_AGE_MS, HOST_IDENTITY, isProcessAlive } from './temp-files';

/*
 * A fenced save of revision n + 1 first claims that revision: it makes `<record file>.r<n+1>` a
 * symbolic link whose target names its process (one operation; a small file naming it, written
 * then hard-linked there, where links cannot be made), which fails with EEXIST when another claim is there, so
 * of the writers that read revision n only one holds the claim, whatever the timing. A claim
 * whose owner is dead (crashed between its claim and its rename) is taken over by the next link of
 * its chain, `.r<n+1>.1`, `.r<n+1>.2` ...: each link is made only after the owner of the one
 * before was seen dead, and a dead process stays dead, so at most one owner of a chain is alive.
 * After claiming, the writer reads the record's revision again: a claim removed and made again
 * after the record moved on (cleanup, a delete) then fails that check. docs/reliability.md, item 5.
 */

const CLAIM_NAME = /\.json\.r(\d{1,16})(?:\.\d{1,6})?$/;

/** The revision `name` claims, or null when it is not a claim's name. */
export function claimedRevision(name: string): number | null {
  const match = CLAIM_NAME.exec(name);
  return match ? Number(match[1]) : null;
}

function claimPath(file: string, revision: number, link: number): string {
  return link === 0 ? `${file}.r${revision}` : `${file}.r${revision}.${link}`;
}

/** Field 22 of /proc/<pid>/stat: the process's start in clock ticks since boot; null off Linux. */
function startOf(pid: number | 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const START = startOf('self');
const OWNER = JSON.stringify({ identity: HOST_IDENTITY, pid: process.pid, start: START });

/*
 * A link claim's target starts with the claim's own name, so it resolves to itself and opening the
 * claim fails with ELOOP: nothing is ever read through it, and an older version of this library,
 * which reads claims as files, refuses its save instead of taking a live claim for a removed one.
 */
const LINK_OWNER = /\/owner\.([0-9a-f]{12})\.(\d{1,10})\.(\d{1,20}|unknown)$/;

function linkTarget(claim: string): string {
  return `${path.basename(claim)}/owner.${HOST_IDENTITY}.${process.pid}.${START ?? 'unknown'}`;
}

function ownerOfLink(target: string): Owner | null {
  const match = LINK_OWNER.exec(target);
  return match ? { identity: match[1], pid: Number(match[2]), start: match[3] === 'unknown' ? null : match[3] } : null;
}

/** False where this process cannot make symbolic links (a file system or platform without them): claims are files then. */
let linkClaims = true;

/** Places the claim `claim` for this process; false when an entry is there. */
async function placeClaim(claim: string): Promise<boolean> {
  if (linkClaims) {
    try {
      await fs.symlink(linkTarget(claim), claim);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
      linkClaims = false;
    }
  }
  return createFileDurably(claim, OWNER, 'relaxed');
}

interface Owner {
  identity: string;
  pid: number;
  start: string | null;
}

/**
 * Whether the owner of a claim may still write: a process of this host and PID namespace that
 * runs (with the start time it had, so a reused pid is not taken for it); a claim of another host,
 * whose processes cannot be seen, until it is FOREIGN_TEMP_FILE_AGE_MS old. A claim that cannot
 * be read as one (cut short by a power loss) is dead.
 */
function isAlive(owner: Owner | null, modifiedMs: number): boolean {
  if (owner === null) return false;
  if (owner.identity !== HOST_IDENTITY) return Date.now() - modifiedMs < FOREIGN_TEMP_FILE_AGE_MS;
  if (!isProcessAlive(owner.pid)) return false;
  const start = startOf(owner.pid);
  return owner.start === null || start === null || start === owner.start;
}

async function readClaim(claim: string): Promise<{ owner: Owner | null; modifiedMs: number } | null> {
  try {
    const stats = await fs.lstat(claim);
    if (stats.isSymbolicLink()) return { owner: ownerOfLink(await fs.readlink(claim)), modifiedMs: stats.mtimeMs };
    const text = await fs.readFile(claim, 'utf8');
    let owner: Owner | null = null;
    try {
      const value = JSON.parse(text) as Partial<Owner>;
      if (typeof value.identity === 'string' && typeof value.pid === 'number') owner = { identity: value.identity, pid: value.pid, start: typeof value.start === 'string' ? value.start : null };
    } catch {
      owner = null;
    }
    return { owner, modifiedMs: stats.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // ELOOP: the file claim was removed and made again as a link claim since the lstat.
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return readClaim(claim);
    throw error;
  }
}

/** A held claim: release() removes it. */
/** Why a fenced write that found another live writer's claim of the next revision was refused (ConflictError). */
export const LIVE_CLAIM = 'another live writer is writing its next revision';

export interface Claim {
  /** Removes this claim (its revision was not written). */
  release(): Promise<void>;
  /**
   * Removes this claim and the dead owners' links of its chain before it, once the revision is
   * written: removeClaims without probing for a link after this one, which is only made once this
   * process is seen dead (or, by another host, once this claim is FOREIGN_TEMP_FILE_AGE_MS old;
   * connect() removes such a leftover).
   */
  removeChain(): Promise<void>;
}

/**
 * Claims `revision` of the record `file` for this process; null when a live writer holds it
 * (this one must not write that revision).
 */
export async function claimRevision(file: string, revision: number): Promise<Claim | null> {
  for (let link = 0; ; link++) {
    const claim = claimPath(file, revision, link);
    if (await placeClaim(claim)) return { release: () => unlinkIfThere(claim), removeChain: () => removeLinks(file, revision, link) };
    const found = await readClaim(claim);
    if (found === null) link -= 1; // removed meanwhile: try the same link again
    else if (isAlive(found.owner, found.modifiedMs)) return null;
  }
}

async function removeLinks(file: string, revision: number, last: number): Promise<void> {
  for (let link = 0; link <= last; link++) await unlinkIfThere(claimPath(file, revision, link));
}

async function unlinkIfThere(claim: string): Promise<void> {
  try {
    await fs.unlink(claim);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Removes the claims of `revision` of `file`: only once the record is no longer at the revision
 * before it (it was written, or deleted), when no claim of it can be used any more.
 */
export async function removeClaims(file: string, revision: number): Promise<void> {
  for (let link = 0; ; link++) {
    try {
      await fs.unlink(claimPath(file, revision, link));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
  }
}
