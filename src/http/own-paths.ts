/** The mock's own surfaces (admin API, health check, documentation): never journaled, never faulted. */
const ownPaths = /^\/(__admin|healthz|documentation)(\/|$)/i

/** Whether a request path (without its query) is one of the mock's own. */
export const isOwnPath = (path: string): boolean => ownPaths.test(path)
