// Used only when the checkout has no packages/parser/src/index.ts: what the VM manager needs from
// @cvm/parser. The instruction type is the checkout's own (from @cvm/types).
declare module '@cvm/parser' {
  import type { Instruction } from '@cvm/types';
  export function compile(source: string): { success: boolean; bytecode: Instruction[]; errors: { message: string; line: number; character: number }[] };
}
