// Preloaded with `node -r`: makes `mongodb` (and its subpaths) unresolvable, as for a user who
// never installed the optional peer dependency.
const Module = require('node:module');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWithoutMongodb(request, ...rest) {
  if (request === 'mongodb' || request.startsWith('mongodb/')) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolveFilename.call(this, request, ...rest);
};
