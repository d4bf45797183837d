/** What both example apps do alike before and after their routes: 405, 415 and the 404 for no route. */
export { allowedMethods } from './allowed-methods';
export { methodNotAllowed } from './method-not-allowed';
export { requireJsonBody } from './require-json-body';
export { noRouteBody } from './no-route';
