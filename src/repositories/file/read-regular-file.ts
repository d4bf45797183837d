import { close, fstat, open, read, type BigIntStats } from 'node:fs';
import { promisify } from 'node:util';
import { checkRegular, READ_ONLY, refusal } from './regular-files';

const openFd = promisify(open);
const closeFd = promisify(close);
const fstatFd = promisify(fstat) as (fd: number, options: { bigint: true }) => Promise<BigIntStats>;
const readFd = promisify(read);

/**
 * The bytes and stats of a regular file read whole, opened as openRegularFile opens it (O_NOFOLLOW,
 * O_NONBLOCK, fstat on the descriptor), on a bare descriptor: a FileHandle costs an object, a
 * promise per call and garbage per file, which a list of thousands of small records pays per file.
 * Rejects with ENOENT when there is no file.
 */
export async function readRegularFile(file: string, check?: (size: number) => void): Promise<{ bytes: Buffer; stats: BigIntStats }> {
  let fd: number;
  try {
    fd = await openFd(file, READ_ONLY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENXIO') throw await refusal(file, error);
    throw error;
  }
  try {
    const stats = await fstatFd(fd, { bigint: true });
    checkRegular(file, stats);
    const size = Number(stats.size);
    check?.(size);
    return { bytes: await readAll(fd, size), stats };
  } finally {
    await closeFd(fd);
  }
}

/** Up to `size` bytes from the start; all of it when `size` is 0 (a size some special files report). */
async function readAll(fd: number, size: number): Promise<Buffer> {
  if (size === 0) return readToEnd(fd);
  const buffer = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const { bytesRead } = await readFd(fd, buffer, done, size - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === size ? buffer : buffer.subarray(0, done);
}

async function readToEnd(fd: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let position = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const { bytesRead } = await readFd(fd, chunk, 0, chunk.length, position);
    if (bytesRead === 0) return Buffer.concat(chunks);
    chunks.push(chunk.subarray(0, bytesRead));
    position += bytesRead;
  }
}
