/** The adapter's timeouts in the tests that stop a server under it, and the bounds they give. */
export const OPERATION_TIMEOUT_MS = 1500;
export const SERVER_SELECTION_TIMEOUT_MS = 1000;

/**
 * The longest a call may take while the server is gone: its database call gives up at
 * operationTimeoutMS, and the calls of the next server-selection timeout fail at once.
 */
export const GONE_BOUND_MS = OPERATION_TIMEOUT_MS;

/**
 * The longest until the same adapter answers once the server is back: the fail-fast window still
 * running (one server-selection timeout), the driver finding the server again (another), and one
 * call (operationTimeoutMS).
 */
export const BACK_BOUND_MS = 2 * SERVER_SELECTION_TIMEOUT_MS + OPERATION_TIMEOUT_MS;

/**
 * What settling a call adds to a bound (promise hops, and the HTTP round trip on loopback), on top
 * of the event loop's worst delay in the phase (loop-delay.ts), which the bound also allows.
 */
export const SLACK_MS = 500;
