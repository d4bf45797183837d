/** For `.catch()` on a file-system call: null when the path does not exist, else the error again. */
export function nullIfMissing(error: unknown): null {
  if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return null;
  throw error;
}
