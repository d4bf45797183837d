// Jest on Node < 24.9 cannot require() ES modules, and @nestjs/* 12 ships only ESM. This
// transformer compiles those files to CommonJS for the test run; the built package does not
// need it, since Node >= 20.19 require()s ESM natively.
const { createHash } = require('node:crypto');
const ts = require('typescript');

const IMPORT_META_URL = /\bimport\.meta\.url\b/g;
const FILE_URL_OF_MODULE = "require('node:url').pathToFileURL(__filename).href";

module.exports = {
  process(source, filename) {
    const { outputText } = ts.transpileModule(source.replace(IMPORT_META_URL, FILE_URL_OF_MODULE), {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        esModuleInterop: true,
        inlineSourceMap: true,
      },
    });
    return { code: outputText };
  },

  getCacheKey(source, filename) {
    return createHash('sha256').update(ts.version).update('\0').update(filename).update('\0').update(source).digest('hex');
  },
};
