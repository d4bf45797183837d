/**
 * The TypeORM entities keep their own decorated columns; this pins them to the declared record
 * fields (src/types/record-fields.ts), so a field added to one and not the other fails here.
 */
import { getMetadataArgsStorage } from 'typeorm';
import { Execution, Program } from '../../src/entities';
import { EXECUTION_FIELDS, PROGRAM_FIELDS, type FieldDeclaration } from '../../src/types/record-fields';

type Class = new () => object;

/** Columns of a stored document that are the store's bookkeeping, not the record's. */
const BOOKKEEPING = ['_id', 'revision', 'format'];

function columnsOf(entity: Class): Map<string, { nullable: boolean }> {
  const columns = getMetadataArgsStorage().columns.filter((column) => column.target === entity);
  return new Map(columns.map((column) => [column.propertyName, { nullable: column.options.nullable === true }]));
}

describe.each([
  ['Program', Program, PROGRAM_FIELDS],
  ['Execution', Execution, EXECUTION_FIELDS],
] as [string, Class, Record<string, FieldDeclaration>][])('the %s entity', (_name, entity, fields) => {
  it('has a column for each declared field and the bookkeeping, and no other', () => {
    expect([...columnsOf(entity).keys()].sort()).toStrictEqual([...Object.keys(fields), ...BOOKKEEPING].sort());
  });

  it('a column is nullable exactly when its field is optional', () => {
    const columns = columnsOf(entity);
    const nullable = Object.keys(fields).filter((name) => columns.get(name)?.nullable);
    expect(nullable).toStrictEqual(Object.keys(fields).filter((name) => !fields[name].required));
  });
});
