/** Resolves when the parent writes a line to stdin: a worker started early waits here until it is let go. */
export function goSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once('data', () => {
      process.stdin.pause();
      resolve();
    });
  });
}
