import { ValidationError } from '../errors';

/**
 * How saves are checked. `compatible` (the default) checks what storage needs to stay safe and
 * portable: ids, the required fields, and that everything else is a bounded JSON-like value.
 * `strict` also holds every documented field to the CVM value grammar and refuses unknown fields.
 */
export type ValidationMode = 'compatible' | 'strict';

export const VALIDATION_MODES: readonly ValidationMode[] = ['compatible', 'strict'];

export const DEFAULT_VALIDATION_MODE: ValidationMode = 'compatible';

/** The mode, checked at run time since options often come from configuration. */
export function validationModeOf(value: unknown, entity: string): ValidationMode {
  if (value === undefined) return DEFAULT_VALIDATION_MODE;
  if ((VALIDATION_MODES as readonly unknown[]).includes(value)) return value as ValidationMode;
  throw new ValidationError(entity, [
    { path: 'validation', constraints: { isIn: `validation must be one of ${VALIDATION_MODES.join(', ')}, got ${JSON.stringify(String(value))}` } },
  ]);
}
