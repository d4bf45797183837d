import { NotFoundException } from '@nestjs/common';

export function notFound(what: string, id: string): NotFoundException {
  return new NotFoundException({ code: 'NOT_FOUND', message: `No ${what} with id ${JSON.stringify(id)}` });
}
