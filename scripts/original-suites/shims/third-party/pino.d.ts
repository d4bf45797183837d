// Used only when the package does not resolve from the checkout: the few shapes the original uses.
declare module 'pino' {
  export interface Logger {
    debug(...args: unknown[]): void;
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
  }
  export function pino(options?: unknown): Logger;
}
