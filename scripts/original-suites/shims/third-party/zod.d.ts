// Used only when the package does not resolve from the checkout: the few shapes the original uses.
declare module 'zod' {
  interface ZodAny {
    optional(): ZodAny;
    describe(text: string): ZodAny;
    default(value: unknown): ZodAny;
  }
  export const z: { string(): ZodAny; boolean(): ZodAny; number(): ZodAny; any(): ZodAny; array(item: ZodAny): ZodAny; enum(values: readonly string[]): ZodAny };
}
