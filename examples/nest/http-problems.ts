import { ConflictException, NotFoundException } from '@nestjs/common';

export function notFound(what: string, id: string): NotFoundException {
  return new NotFoundException({ code: 'NOT_FOUND', message: `No ${what} with id ${JSON.stringify(id)}` });
}

export function alreadyExists(what: string, id: string): ConflictException {
  return new ConflictException({ code: 'ALREADY_EXISTS', message: `A ${what} with id ${JSON.stringify(id)} already exists` });
}
