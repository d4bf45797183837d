import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { checkCvmValue, type CvmShape } from './cvm-value-check';

/**
 * The problem validate() found, by object and property, for defaultMessage() to report: the value
 * is walked once, also when it fails.
 */
const problems = new WeakMap<object, Map<string, string>>();

/** Property decorator: the property holds CVM data of the given shape (bounded, acyclic). */
export function IsCvm(shape: CvmShape, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: `isCvm${shape[0].toUpperCase()}${shape.slice(1)}`,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const problem = checkCvmValue(shape, value, args.property);
          if (problem === null) return true;
          const found = problems.get(args.object) ?? new Map<string, string>();
          problems.set(args.object, found.set(args.property, problem));
          return false;
        },
        defaultMessage: (args: ValidationArguments) => problems.get(args.object)?.get(args.property) ?? `${args.property} must be CVM data`,
      },
    });
  };
}
