import { Inject } from '@nestjs/common';
import { getCvmStorageToken } from './tokens';

/** Injects the store configured with `name` (the unnamed one without): `@InjectCvmStorage('archive') archive: CvmStorage`. */
export function InjectCvmStorage(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getCvmStorageToken(name));
}
