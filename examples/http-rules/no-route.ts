/** The body both example apps answer a request for a path they do not serve with, as 404. */
export function noRouteBody(method: string, path: string): { code: 'NOT_FOUND'; message: string } {
  return { code: 'NOT_FOUND', message: `No route for ${method} ${path}` };
}
