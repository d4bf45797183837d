import 'reflect-metadata';
import { Execution } from './execution.entity';
import { Metadata } from './metadata.entity';
import { OutputChunk } from './output-chunk.entity';
import { Program } from './program.entity';

export { Execution, Metadata, OutputChunk, Program };
export { Instruction } from './instruction';

/** The four entity classes, for an app's own `TypeOrmModule.forRoot({ entities })` or DataSource. */
export const CVM_STORAGE_ENTITIES = [Program, Execution, OutputChunk, Metadata];
