'use strict';
const { CJS_JS, ESM_JS, TS_ROUND_TRIP, NEST_APP, NEST_ENTRY_POINTS, NODE_TEST_REPOSITORY_CONTRACT, FILE_ADAPTER_MODULE, NODE_TEST_MULTI_WRITER_CONTRACT } = require('./sources.cjs');

const TYPESCRIPT = { typescript: '~5.9.3', '@types/node': '^20.19.0' };
/** TypeScript 7, which no longer has `moduleResolution: node10`. */
const TYPESCRIPT_7 = { ...TYPESCRIPT, typescript: '^7.0.2' };
const STRICT = { strict: true, skipLibCheck: false, types: ['node'], outDir: 'dist', rootDir: 'src' };
const NEST_COMPILER = { experimentalDecorators: true, emitDecoratorMetadata: true, esModuleInterop: true };

/** What `@cvm/storage/nest` and `@cvm/storage/testing/nest` need, without an HTTP platform. */
function nestEntryDependencies(major) {
  return {
    '@nestjs/common': `^${major}.0.0`,
    '@nestjs/core': `^${major}.0.0`,
    '@nestjs/testing': `^${major}.0.0`,
    'reflect-metadata': '^0.2.2',
    rxjs: '^7.8.2',
  };
}

function nestDependencies(major, typescript = TYPESCRIPT) {
  return { ...nestEntryDependencies(major), '@nestjs/platform-express': `^${major}.0.0`, ...typescript };
}

/**
 * The consumer projects: each is a fresh folder with this package.json (plus the tarball as
 * `@cvm/storage`), these files, and these commands to type-check and run it. `quickStart` marks
 * the projects that also compile and run the README's Quick start as it is written.
 */
/** A TypeScript project under nodenext resolution (CommonJS): the round trip and the README's quick start. */
function typescriptNodenext(name, typescript, quickStart) {
  return {
    name,
    packageJson: { type: 'commonjs', dependencies: typescript },
    files: {
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...STRICT, target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext' } }),
      'src/round-trip.ts': TS_ROUND_TRIP,
      'src/quick-start.ts': quickStart,
    },
    commands: [['npx', 'tsc', '-p', '.'], ['node', 'dist/round-trip.js'], ['node', 'dist/quick-start.js']],
    quickStart: true,
  };
}

function consumers(quickStart) {
  return [
    {
      name: 'commonjs-js',
      packageJson: { type: 'commonjs', dependencies: { mongodb: '^7.0.0' } },
      files: {
        'index.js': CJS_JS,
        'repository-contract.test.js': NODE_TEST_REPOSITORY_CONTRACT,
        'file-adapter.js': FILE_ADAPTER_MODULE,
        'multi-writer-contract.test.js': NODE_TEST_MULTI_WRITER_CONTRACT,
      },
      // The README's TypeORM CLI command runs `npx typeorm`: the CLI comes with the package.
      commands: [['node', 'index.js'], ['npx', '--no-install', 'typeorm', 'schema:sync', '--help'], ['node', '--test', 'repository-contract.test.js'], ['node', '--test', 'multi-writer-contract.test.js']],
    },
    {
      name: 'esm-js',
      packageJson: { type: 'module', dependencies: {} },
      files: { 'index.js': ESM_JS },
      commands: [['node', 'index.js']],
    },
    typescriptNodenext('typescript-nodenext', TYPESCRIPT, quickStart),
    {
      // With Nest 11 installed, so that every entry point, /nest and /testing/nest too, is resolved under bundler.
      name: 'typescript-bundler',
      packageJson: { type: 'module', dependencies: { ...TYPESCRIPT, ...nestEntryDependencies(11) } },
      files: {
        'tsconfig.json': JSON.stringify({ compilerOptions: { ...STRICT, target: 'ES2022', module: 'preserve', moduleResolution: 'bundler' } }),
        'src/round-trip.ts': TS_ROUND_TRIP,
        'src/quick-start.ts': quickStart,
        'src/nest-entry-points.ts': NEST_ENTRY_POINTS,
      },
      commands: [['npx', 'tsc', '-p', '.'], ['node', 'dist/round-trip.js'], ['node', 'dist/quick-start.js'], ['node', 'dist/nest-entry-points.js']],
      quickStart: true,
    },
    {
      // Nest 11's CommonJS layout, with the node10 resolution that reads typesVersions.
      name: 'nest-11-commonjs',
      packageJson: { type: 'commonjs', dependencies: nestDependencies(11) },
      files: {
        'tsconfig.json': JSON.stringify({ compilerOptions: { ...STRICT, ...NEST_COMPILER, target: 'ES2022', module: 'commonjs', moduleResolution: 'node10' } }),
        'src/main.ts': NEST_APP,
      },
      commands: [['npx', 'tsc', '-p', '.'], ['node', 'dist/main.js']],
    },
    {
      // Nest 12 is published as ES modules only.
      name: 'nest-12-esm',
      packageJson: { type: 'module', dependencies: nestDependencies(12) },
      files: {
        'tsconfig.json': JSON.stringify({ compilerOptions: { ...STRICT, ...NEST_COMPILER, target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext' } }),
        'src/main.ts': NEST_APP,
      },
      commands: [['npx', 'tsc', '-p', '.'], ['node', 'dist/main.js']],
    },
    typescriptNodenext('typescript-7-nodenext', TYPESCRIPT_7, quickStart),
    {
      // Every entry point, /nest and /testing/nest too, under bundler resolution with TypeScript 7.
      name: 'typescript-7-bundler',
      packageJson: { type: 'module', dependencies: { ...TYPESCRIPT_7, ...nestEntryDependencies(12) } },
      files: {
        'tsconfig.json': JSON.stringify({ compilerOptions: { ...STRICT, target: 'ES2022', module: 'preserve', moduleResolution: 'bundler' } }),
        'src/round-trip.ts': TS_ROUND_TRIP,
        'src/nest-entry-points.ts': NEST_ENTRY_POINTS,
      },
      commands: [['npx', 'tsc', '-p', '.'], ['node', 'dist/round-trip.js'], ['node', 'dist/nest-entry-points.js']],
    },
    {
      name: 'nest-12-esm-typescript-7',
      packageJson: { type: 'module', dependencies: nestDependencies(12, TYPESCRIPT_7) },
      files: {
        'tsconfig.json': JSON.stringify({ compilerOptions: { ...STRICT, ...NEST_COMPILER, target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext' } }),
        'src/main.ts': NEST_APP,
      },
      commands: [['npx', 'tsc', '-p', '.'], ['node', 'dist/main.js']],
    },
  ];
}

module.exports = { consumers };
