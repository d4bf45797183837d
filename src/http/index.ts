export { httpStatusFor } from './http-status';
export { httpErrorBody, type HttpErrorBody } from './http-error-body';
export { programFromJson } from './program-from-json';
export { readJsonObject } from './read-json-object';
export { parseIsoDate } from './parse-iso-date';
