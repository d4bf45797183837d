import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Pins the runtime names each entry point of the package exports, sorted, so that adding, moving
 * or removing one is a deliberate change of this list (and of the README's "Entry points").
 */
const ENTRY_POINTS: Record<string, string[]> = {
  '.': [
    'AlreadyExistsError',
    'ConflictError',
    'ConnectionError',
    'CorruptRecordError',
    'CvmStorage',
    'FileStorageAdapter',
    'IdCollisionError',
    'InvalidIdError',
    'MongoDBAdapter',
    'MongoDBStorageAdapter',
    'NotConnectedError',
    'StorageError',
    'StorageFactory',
    'StorageIOError',
    'ValidationError',
    'createStorageAdapter',
  ],
  './backend': [
    'CURRENT_EXECUTION_KEY',
    'DAMAGED_RECORD_CHANNEL',
    'ExecutionRepository',
    'HistoryRepository',
    'MetadataRepository',
    'OPERATION_CHANNEL',
    'OutputRepository',
    'ProgramRepository',
    'RepositoryStorageAdapter',
  ],
  './validation': [
    'DEFAULT_VALIDATION_MODE',
    'EXECUTION_STATES',
    'ID_PATTERN',
    'LIMITS',
    'MAX_ID_BYTES',
    'VALIDATION_MODES',
    'checkCvmValue',
    'isValidId',
    'validateExecution',
    'validateOutputLines',
    'validateProgram',
  ],
  './file': [
    'DEFAULT_CACHE_BYTES',
    'DEFAULT_DATA_DIR',
    'DURABILITIES',
    'FileExecutionRepository',
    'FileMetadataRepository',
    'FileOutputRepository',
    'FileProgramRepository',
    'FileStore',
    'createFileBackend',
  ],
  './mongodb': [
    'CVM_STORAGE_ENTITIES',
    'DEFAULT_MONGO_DATABASE',
    'DEFAULT_MONGO_URL',
    'DEFAULT_SERVER_SELECTION_TIMEOUT_MS',
    'ExecutionEntity',
    'InstructionEntity',
    'MetadataEntity',
    'MongoConnection',
    'MongoExecutionRepository',
    'MongoMetadataRepository',
    'MongoOutputRepository',
    'MongoProgramRepository',
    'OutputChunkEntity',
    'ProgramEntity',
    'createMongoBackend',
    'mongoDataSourceOptions',
    'mongoDataSourceOptionsFromEnv',
    'mongoUrlFromEnv',
  ],
  './memory': ['MemoryStorageAdapter'],
  './http': ['RETRY_AFTER_SECONDS', 'httpErrorBody', 'httpStatusFor', 'parseIsoDate', 'programFromJson', 'readJsonObject', 'storageErrorHandler', 'storageErrorResponse'],
  './nest': ['CVM_STORAGE_ADAPTER', 'CvmStorageExceptionFilter', 'CvmStorageModule', 'InjectCvmStorage', 'getCvmStorageToken'],
  './inspector': ['CONTENT_SECURITY_POLICY', 'createInspector', 'newAccessToken'],
  './testing': ['MemoryTestStorage', 'TestStorage', 'createTestStorage', 'describeInProcessMultiWriterContract', 'describeMultiWriterContract', 'describeRepositoryContract', 'describeStorageContract', 'newExecution'],
  './testing/nest': ['overrideCvmStorage'],
  // The TypeORM CLI's config file: its DataSource, and the helpers that build one.
  './ormconfig': ['default', 'mongoDataSourceOptions', 'mongoDataSourceOptionsFromEnv', 'mongoUrlFromEnv'],
};

/** Entry points outside the layered API, whose names may repeat another entry point's. */
const CONVENIENCE_ENTRY_POINTS = new Set(['./ormconfig']);

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
};
const entries = Object.entries(manifest.exports).flatMap(([entry, target]) => (typeof target === 'string' ? [] : [{ entry, target }]));

/** The source file a built entry point comes from: ./dist/src/http/index.js -> src/http/index. */
function sourceOf(built: string): string {
  return path.join(ROOT, built.replace(/^\.\/dist\//, '').replace(/\.js$/, ''));
}

function runtimeNames(entry: string): string[] {
  const target = manifest.exports[entry];
  if (typeof target === 'string') throw new Error(`${entry} is not a module entry point`);
  return Object.keys(jest.requireActual<Record<string, unknown>>(sourceOf(target.default))).sort();
}

describe('the package entry points', () => {
  it('are exactly the pinned ones', () => {
    expect(entries.map(({ entry }) => entry).sort()).toEqual(Object.keys(ENTRY_POINTS).sort());
  });

  it.each(Object.keys(ENTRY_POINTS))('%s exports the pinned runtime names', (entry) => {
    expect(runtimeNames(entry)).toEqual([...ENTRY_POINTS[entry]].sort());
  });

  it('give each runtime name one home', () => {
    const homes = new Map<string, string[]>();
    for (const [entry, names] of Object.entries(ENTRY_POINTS)) {
      if (CONVENIENCE_ENTRY_POINTS.has(entry)) continue;
      for (const name of names) homes.set(name, [...(homes.get(name) ?? []), entry]);
    }
    expect([...homes].filter(([, where]) => where.length > 1)).toEqual([]);
  });

  it('name their types beside their code, and in typesVersions for node10 resolution', () => {
    for (const { entry, target } of entries) {
      expect({ entry, types: target.types }).toEqual({ entry, types: target.default.replace(/\.js$/, '.d.ts') });
      if (entry === '.') continue;
      expect({ entry, typesVersions: manifest.typesVersions['*'][entry.slice(2)] }).toEqual({ entry, typesVersions: [target.types.slice(2)] });
    }
  });
});
