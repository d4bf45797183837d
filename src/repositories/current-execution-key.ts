/** The metadata key under which the id of the current execution is stored, on every backend. */
export const CURRENT_EXECUTION_KEY = 'currentExecutionId';
