import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CvmStorage, type Execution } from '../../src';
import { validateOutputLines } from '../../src/validation';
import { readJsonObject } from '../../src/http';
import { notFound } from './http-problems';

/** Executions: list, read, read and append output, delete. */
@Controller('executions')
export class ExecutionsController {
  constructor(private readonly storage: CvmStorage) {}

  @Get()
  async list(): Promise<{ executions: Execution[] }> {
    return { executions: await this.storage.listExecutions() };
  }

  @Get(':id')
  async read(@Param('id') id: string): Promise<Execution> {
    const execution = await this.storage.getExecution(id);
    if (!execution) throw notFound('execution', id);
    return execution;
  }

  @Get(':id/output')
  async output(@Param('id') id: string): Promise<{ lines: string[] }> {
    await this.requireExecution(id);
    return { lines: await this.storage.getOutput(id) };
  }

  @Post(':id/output')
  @HttpCode(204)
  async append(@Param('id') id: string, @Body() body: unknown): Promise<void> {
    const lines = validateOutputLines(readJsonObject(body, ['lines'], 'Output').lines);
    await this.requireExecution(id);
    await this.storage.appendOutput(id, lines);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string): Promise<void> {
    await this.requireExecution(id);
    await this.storage.deleteExecution(id);
  }

  private async requireExecution(id: string): Promise<void> {
    if (!(await this.storage.getExecution(id))) throw notFound('execution', id);
  }
}
