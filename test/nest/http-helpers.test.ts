import { ConnectionError, CorruptRecordError, IdCollisionError, InvalidIdError, NotConnectedError, StorageIOError, ValidationError, type ValidationIssue } from '../../src';
import { validateProgram } from '../../src/validation';
import { httpErrorBody, httpStatusFor, parseIsoDate, programFromJson, readJsonObject } from '../../src/http';

const PROGRAM_JSON = { id: 'p', name: 'P', source: '', bytecode: [{ op: 'HALT' }], created: '2024-03-04T05:06:07.089Z' };

function validationPaths(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('httpStatusFor', () => {
  it.each([
    [new ValidationError('Program', [{ path: 'name', constraints: { isString: 'name must be a string' } }]), 400],
    [new InvalidIdError('program id', '../x'), 400],
    [new IdCollisionError('program id', 'Report', 'report'), 409],
    [new NotConnectedError(), 503],
    [new ConnectionError('mongodb://h', 'refused'), 503],
    [new CorruptRecordError('/data/programs/p.json', 'not JSON'), 500],
    [new StorageIOError('/data/programs', 'list'), 500],
    [new Error('anything else'), 500],
    ['not even an error', 500],
  ])('%p is %i', (error, status) => {
    expect(httpStatusFor(error)).toBe(status);
  });
});

describe('httpErrorBody', () => {
  it('lists every failing field of a ValidationError', () => {
    const issues: ValidationIssue[] = [
      { path: 'created', constraints: { isDate: 'created must be a Date instance' } },
      { path: 'bytecode.0.op', constraints: { isString: 'op must be a string' } },
    ];
    expect(httpErrorBody(new ValidationError('Program', issues))).toEqual({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('created must be a Date instance'),
      fields: ['created', 'bytecode.0.op'],
      issues,
    });
  });

  it('keeps the message of an InvalidIdError', () => {
    expect(httpErrorBody(new InvalidIdError('program id', '../x'))).toEqual({
      code: 'INVALID_ID',
      message: expect.stringContaining('"../x"'),
    });
  });

  it.each([
    [new ConnectionError('mongodb://db.internal:27017', 'refused'), { code: 'CONNECTION_FAILED', message: 'Storage is unavailable' }],
    [new NotConnectedError(), { code: 'NOT_CONNECTED', message: 'Storage is unavailable' }],
    [new CorruptRecordError('/srv/cvm/programs/p.json', 'not JSON'), { code: 'CORRUPT_RECORD', message: 'Internal server error' }],
    [new StorageIOError('/srv/cvm/programs', 'list'), { code: 'STORAGE_IO', message: 'Internal server error' }],
    [new TypeError('x is undefined'), { code: 'INTERNAL', message: 'Internal server error' }],
  ])('hides where a server-side failure happened: %p', (error, body) => {
    expect(httpErrorBody(error)).toEqual(body);
  });
});

describe('parseIsoDate', () => {
  it.each([
    ['2024-03-04T05:06:07.089Z', '2024-03-04T05:06:07.089Z'],
    ['2024-03-04T05:06:07Z', '2024-03-04T05:06:07.000Z'],
    ['2024-03-04T05:06Z', '2024-03-04T05:06:00.000Z'],
    ['2024-03-05T01:00:00+02:00', '2024-03-04T23:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseIsoDate(text)?.toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '2024-03-04', '2024-03-04T05:06:07', '2023-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-13-01T00:00:00Z', '2024-03-04T25:00:00Z', ' 2024-03-04T05:06:07Z'])(
    'rejects %j',
    (text) => {
      expect(parseIsoDate(text)).toBeNull();
    },
  );
});

describe('programFromJson', () => {
  it('turns created and updated into Dates and returns the validated program', () => {
    const program = programFromJson({ ...PROGRAM_JSON, updated: '2024-03-05T00:00:00Z' });
    expect(program).toEqual({
      ...PROGRAM_JSON,
      created: new Date('2024-03-04T05:06:07.089Z'),
      updated: new Date('2024-03-05T00:00:00Z'),
    });
  });

  it('returns plain data that the storage accepts as it is', () => {
    const program = programFromJson(PROGRAM_JSON);
    expect(Object.getPrototypeOf(program)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(program.bytecode[0])).toBe(Object.prototype);
    expect(validateProgram(program)).toEqual(program);
  });

  it('fills a missing created from the defaults, and only a missing one', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    const { created: _created, ...undated } = PROGRAM_JSON;
    expect(programFromJson(undated, { created: now }).created).toStrictEqual(now);
    expect(programFromJson(PROGRAM_JSON, { created: now }).created).toEqual(new Date(PROGRAM_JSON.created));
  });

  it('reports bad dates together with every other failing field, each once', () => {
    // eslint-disable-next-line no-sparse-arrays -- a hole is one of the failures
    const paths = validationPaths(() => programFromJson({ ...PROGRAM_JSON, created: 'soon', updated: '2024-02-30T00:00:00Z', name: 7, extra: [1, , 2] }));
    expect(paths).toEqual(['created', 'updated', 'name', 'extra.1']);
  });

  it('reports a bad date alone when it is the only problem', () => {
    expect(validationPaths(() => programFromJson({ ...PROGRAM_JSON, created: 'soon' }))).toEqual(['created']);
  });

  it('rejects a missing created without defaults, and a non-string created', () => {
    const { created: _created, ...undated } = PROGRAM_JSON;
    expect(validationPaths(() => programFromJson(undated))).toEqual(['created']);
    expect(validationPaths(() => programFromJson({ ...PROGRAM_JSON, created: 1709528767089 }))).toEqual(['created']);
  });

  it('throws InvalidIdError for a bad id, before looking at dates', () => {
    expect(() => programFromJson({ ...PROGRAM_JSON, id: '', created: 'soon' })).toThrow(InvalidIdError);
  });

  it.each([[null], [[PROGRAM_JSON]], ['text'], [undefined]])('rejects %j as not an object', (json) => {
    expect(validationPaths(() => programFromJson(json))).toEqual(['']);
  });

  it('does not change its argument', () => {
    const json = { ...PROGRAM_JSON };
    programFromJson(json);
    expect(json.created).toBe(PROGRAM_JSON.created);
  });
});

describe('readJsonObject', () => {
  it('returns an object holding only allowed keys', () => {
    const body = { lines: ['a'] };
    expect(readJsonObject(body, ['lines'], 'Output')).toBe(body);
    expect(readJsonObject({}, ['lines'], 'Output')).toEqual({});
  });

  it('names every unknown key', () => {
    expect(validationPaths(() => readJsonObject({ lines: [], a: 1, b: 2 }, ['lines'], 'Output'))).toEqual(['a', 'b']);
  });

  it.each([[null], [[]], ['x'], [3], [undefined]])('rejects %j as not an object', (body) => {
    expect(validationPaths(() => readJsonObject(body, ['lines'], 'Output'))).toEqual(['']);
  });
});
