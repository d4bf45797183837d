/**
 * `@cvm/storage/validation`: the checks a save makes, to run them before saving. Strict mode's
 * schema (class-validator) loads on the first strict check.
 */
export { validateProgram, validateExecution, validateOutputLines } from './validate-record';
export { checkCvmValue, type CvmShape } from './cvm-value-check';
export { VALIDATION_MODES, DEFAULT_VALIDATION_MODE } from './validation-mode';
export { ID_PATTERN, isValidId, MAX_ID_BYTES } from './ids';
export { LIMITS } from './limits';
export { EXECUTION_STATES } from '../types/execution';
