// Jest on Node < 24.9 cannot require() ES modules, and @nestjs/* 12 ships only ESM. This
// transformer compiles those files to CommonJS for the test run; the built package does not
// need it, since Node >= 20.19 require()s ESM natively.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const ts = require('typescript');

const IMPORT_META_URL = /\bimport\.meta\.url\b/g;
const META_URL_BINDING = '__esmImportMetaUrl';
const META_URL_PRELUDE = `const ${META_URL_BINDING} = require('node:url').pathToFileURL(__filename).href;\n`;
// An ES module may declare its own `require` (from createRequire), which CommonJS already has.
const DECLARES_REQUIRE = /\b(?:const|let|var)\s+require\b/;
const RENAMED_REQUIRE = '__esmOwnRequire';
const TRANSFORMER_SOURCE = readFileSync(__filename, 'utf8');

/** Renames the module's own `require` binding and its uses, leaving property names alone. */
function renameOwnRequire(context) {
  const { factory } = context;
  const visit = (node) => {
    if (ts.isIdentifier(node)) return node.text === 'require' ? factory.createIdentifier(RENAMED_REQUIRE) : node;
    if (ts.isPropertyAccessExpression(node)) {
      return factory.updatePropertyAccessExpression(node, ts.visitNode(node.expression, visit), node.name);
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (sourceFile) => ts.visitNode(sourceFile, visit);
}

module.exports = {
  process(source, filename) {
    const usesMetaUrl = source.includes('import.meta.url');
    const { outputText } = ts.transpileModule(source.replace(IMPORT_META_URL, META_URL_BINDING), {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        esModuleInterop: true,
      },
      transformers: DECLARES_REQUIRE.test(source) ? { before: [renameOwnRequire] } : undefined,
    });
    return { code: (usesMetaUrl ? META_URL_PRELUDE : '') + outputText };
  },

  getCacheKey(source, filename) {
    return createHash('sha256')
      .update(`${ts.version}\0${TRANSFORMER_SOURCE}\0${filename}\0`)
      .update(source)
      .digest('hex');
  },
};
