import { IsArray, IsDate, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import type { Program as ProgramRecord } from '../../types';
import { OptionalField } from '../optional-field';
import { IsSafeId } from '../is-safe-id';
import { LIMITS } from '../limits';
import { StrictInstruction } from './strict-instruction';

/** The strict rules of a program (validation 'strict'): the CVM grammar, checked with class-validator. */
export class StrictProgram implements ProgramRecord {
  @IsSafeId()
  id!: string;

  @IsString()
  @Length(0, LIMITS.maxNameLength)
  name!: string;

  @IsString()
  @MaxLength(LIMITS.maxStringLength)
  source!: string;

  @IsArray()
  @ValidateNested({ each: true })
  bytecode!: StrictInstruction[];

  @IsDate()
  created!: Date;

  @OptionalField()
  @IsDate()
  updated?: Date;
}
