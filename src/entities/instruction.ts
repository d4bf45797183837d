import { IsInt, IsString, Length, Min } from 'class-validator';
import type { CVMValue, Instruction as InstructionRecord } from '../types';
import { OptionalField } from '../validation/optional-field';
import { IsCvm } from '../validation/is-cvm';
import { LIMITS } from '../validation/limits';

/** One bytecode instruction, embedded in a Program; a class so each one is validated. */
export class Instruction implements InstructionRecord {
  @IsString()
  @Length(1, LIMITS.maxOpLength)
  op!: string;

  @OptionalField()
  @IsCvm('value')
  arg?: CVMValue;

  @OptionalField()
  @IsInt()
  @Min(0)
  line?: number;
}
