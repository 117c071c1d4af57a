/** The public API of flinks-mock. */
export { buildServer, type BuildOptions } from './server.js'
export { loadConfig, ConfigError, type Config, type ClientConfig } from './config.js'
export { createClock, type Clock } from './clock.js'
export { startFlinksMock, type FlinksMock, type StartOptions } from './embed.js'
export type { JournalEntry, JournalFilter } from './journal.js'
