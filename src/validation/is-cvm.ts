import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { checkCvmShape, type CvmShape } from './cvm-value-check';

/** Property decorator: the property holds CVM data of the given shape (bounded, acyclic). */
export function IsCvm(shape: CvmShape, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: `isCvm${shape[0].toUpperCase()}${shape.slice(1)}`,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => checkCvmShape(shape, value, args.property) === null,
        defaultMessage: (args: ValidationArguments) =>
          checkCvmShape(shape, args.value, args.property) ?? `${args.property} must be CVM data`,
      },
    });
  };
}
