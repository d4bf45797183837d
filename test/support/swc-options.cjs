/**
 * How the tests' TypeScript becomes JavaScript, without type-checking (that is `npm run
 * typecheck`'s job): by jest's transform and by the once-per-run copy the child processes run
 * (transpiled-folders.ts). The same settings tsconfig.json gives tsc: TypeORM's entities need
 * legacy decorators with their metadata, and class fields keep assignment semantics.
 */
module.exports = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  },
  module: { type: 'commonjs' },
};
