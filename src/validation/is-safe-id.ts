import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isValidId } from './ids';

/** Property decorator: the property is an id in the safe alphabet of ID_PATTERN. */
export function IsSafeId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSafeId',
      validator: {
        validate: (value: unknown) => isValidId(value),
        defaultMessage: () => "$property must be 1 to 200 of letters, digits, '-', '_', '.', ':' (not '.' or '..')",
      },
    },
    options,
  );
}
