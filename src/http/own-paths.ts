/** The mock's own surfaces (admin API, health check, documentation, metrics): never journaled, never faulted. */
const ownPaths = /^\/(__admin|healthz|documentation|metrics)(\/|$)/i

/** Whether a request path (without its query) is one of the mock's own. */
export const isOwnPath = (path: string): boolean => ownPaths.test(path)

// The hosted page and its API are the mock's as well, though journaled and faultable like the API.
const notFlinksPaths = /^\/(__admin|healthz|documentation|metrics|app)(\/|$)/i

/** Whether a request path (without its query) belongs to the Flinks API, whose error answers follow `errorBodies`. */
export const isFlinksApiPath = (path: string): boolean => !notFlinksPaths.test(path)
