import { ValidateIf } from 'class-validator';

/** Skips the other rules when the property is absent (undefined); unlike IsOptional, null is still checked. */
export function OptionalField(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
