import { IsDate, IsIn, IsInt, IsString, MaxLength, Min } from 'class-validator';
import {
  EXECUTION_STATES,
  type CVMValue,
  type Execution as ExecutionRecord,
  type ExecutionState,
  type Heap,
  type IteratorState,
} from '../../types';
import { OptionalField } from '../optional-field';
import { IsCvm } from '../is-cvm';
import { IsSafeId } from '../is-safe-id';
import { LIMITS } from '../limits';

/** The strict rules of an execution (validation 'strict'): the CVM grammar, checked with class-validator. */
export class StrictExecution implements ExecutionRecord {
  @IsSafeId()
  id!: string;

  @IsSafeId()
  programId!: string;

  @IsIn([...EXECUTION_STATES])
  state!: ExecutionState;

  @IsInt()
  @Min(0)
  pc!: number;

  @IsCvm('list')
  stack!: CVMValue[];

  @IsCvm('record')
  variables!: Record<string, CVMValue>;

  @OptionalField()
  @IsCvm('iterators')
  iterators?: IteratorState[];

  @OptionalField()
  @IsCvm('heap')
  heap?: Heap;

  @OptionalField()
  @IsString()
  @MaxLength(LIMITS.maxStringLength)
  error?: string;

  @OptionalField()
  @IsString()
  @MaxLength(LIMITS.maxStringLength)
  ccPrompt?: string;

  @OptionalField()
  @IsCvm('value')
  returnValue?: CVMValue;

  @IsDate()
  created!: Date;

  @OptionalField()
  @IsDate()
  updated?: Date;
}
