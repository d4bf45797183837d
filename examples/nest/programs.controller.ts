import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { InvalidIdError, CvmStorage, type Execution, type Program } from '../../src';
import { isValidId } from '../../src/validation';
import { newExecution } from '../../src/testing';
import { ProgramRepository } from '../../src/backend';
import { programFromJson, readJsonObject } from '../../src/http';
import { notFound } from './http-problems';

/** Programs: create, list, read, delete, and start an execution of one. */
@Controller('programs')
export class ProgramsController {
  constructor(
    private readonly programs: ProgramRepository,
    private readonly storage: CvmStorage,
  ) {}

  @Post()
  async create(@Body() body: unknown): Promise<Program> {
    const program = programFromJson(body, { created: new Date() });
    await this.programs.create(program);
    return program;
  }

  @Get()
  async list(): Promise<{ programs: Program[] }> {
    return { programs: await this.programs.list() };
  }

  @Get(':id')
  async read(@Param('id') id: string): Promise<Program> {
    const program = await this.programs.get(id);
    if (!program) throw notFound('program', id);
    return program;
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string): Promise<void> {
    if (!(await this.programs.get(id))) throw notFound('program', id);
    await this.programs.delete(id);
  }

  @Post(':id/executions')
  async start(@Param('id') programId: string, @Body() body: unknown): Promise<Execution> {
    const { id = randomUUID() } = readJsonObject(body ?? {}, ['id'], 'StartExecution');
    if (!isValidId(id)) throw new InvalidIdError('execution id', id);
    const program = await this.programs.get(programId);
    if (!program) throw notFound('program', programId);
    const execution = newExecution(id, program.id);
    await this.storage.createExecution(execution);
    await this.storage.setCurrentExecutionId(id);
    return execution;
  }
}
