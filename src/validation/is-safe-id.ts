import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isValidId } from './ids';

/** Property decorator: the property is an id (isValidId). */
export function IsSafeId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSafeId',
      validator: {
        validate: (value: unknown) => isValidId(value),
        defaultMessage: () => '$property must be a non-empty string of at most 1024 UTF-8 bytes, without a lone surrogate',
      },
    },
    options,
  );
}
