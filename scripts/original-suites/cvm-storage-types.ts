// The one-file registration of docs/compatibility.md: the original's record types become the
// default type arguments of this package's StorageAdapter, CvmStorage, adapters and factories.
import type { Execution, Program } from '@cvm/types';

declare module '@cvm/storage' {
  interface StorageTypes {
    program: Program;
    execution: Execution;
  }
}
