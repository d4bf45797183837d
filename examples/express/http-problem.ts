/** A failure of a request that is not the storage's: an unknown record, a duplicate, a bad request. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export function notFound(what: string, id: string): HttpProblem {
  return new HttpProblem(404, 'NOT_FOUND', `No ${what} with id ${JSON.stringify(id)}`);
}
