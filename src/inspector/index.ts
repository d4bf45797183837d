/**
 * `@cvm/storage/inspector`: the read-only web inspector `cvm-storage ui` serves, as a handler an
 * Express or Nest app mounts behind its own authentication (docs/inspector.md).
 */
export { createInspector, CONTENT_SECURITY_POLICY, type InspectorOptions, type InspectorHandler } from './inspector-handler';
export { newAccessToken } from './access-token';
