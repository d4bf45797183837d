// Used only when the checkout has no packages/parser/src/lib/bytecode.ts: the original's OpCode is
// a string enum whose values are its member names, so OpCode.PUSH is 'PUSH'.
export const OpCode: Record<string, string> = new Proxy({}, { get: (_target, name) => String(name) });
