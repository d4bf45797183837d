import { IsInt, IsString, Length, Min } from 'class-validator';
import type { CVMValue, Instruction as InstructionRecord } from '../../types';
import { OptionalField } from '../optional-field';
import { IsCvm } from '../is-cvm';
import { LIMITS } from '../limits';

/** The strict rules of one bytecode instruction; a class so each one is validated. */
export class StrictInstruction implements InstructionRecord {
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
