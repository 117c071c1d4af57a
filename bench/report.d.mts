// Types of report.mjs, for test/bench/report.test.ts (the project type-checks TypeScript only).

/** One slice of a side's measured time: its requests, seconds, each response's time (ms), the server's CPU time (µs). */
export interface Slice { requests: number, seconds: number, latencies: number[], cpuMicros?: number }
/** Figures of one side of a run. */
export interface RunStats { rps: number, p50: number, p99: number, requests: number, cpuUs?: number }
/** A throughput row; `met` is null on a row of another store than memory, which has no target. */
export interface RunRow { run: string, journal: string, store: string, mock: RunStats, baseline: RunStats, ratio: number, p99Ratio: number, minRatio?: number, met: boolean | null }
/** A single-figure row. */
export interface FigureRow { run: string, journal: string, value: number, unit: string, max: number, met: boolean }

export const targets: { pairsMinRatio: number, detailsMinRatio: number, maxP99Ratio: number, pastBoundMinShare: number, maxStartMs: number, maxBytesPerSession: number }
export function quantile(latencies: ArrayLike<number>, q: number): number
export function statsOf(slices: Slice[]): RunStats
export function turnRatios(mockSlices: Slice[], baselineSlices: Slice[]): number[]
export function compareRun(input: { run: string, journal: string, store?: string, mock: RunStats, baseline: RunStats, minRatio?: number }): RunRow
export function compareFigure(input: { run: string, journal: string, value: number, unit: string, max: number }): FigureRow
export function formatTable(rows: Array<RunRow | FigureRow>): string
export function missedRows<Row extends { met: boolean | null }>(rows: Row[]): Row[]
/** A calibrating baseline's ratio to the bare one, and the work (µs a request) it adds. */
export interface CalibrationPoint { workUs: number, ratio: number }
/** A calibrated run: its points (the bare baseline's included, 0 µs and ratio 1) and its mock rows. */
export interface Calibration { run: string, points: CalibrationPoint[], rows: RunRow[] }
export function workEquivalent(points: CalibrationPoint[], ratio: number): number | { moreThan: number }
export function formatCalibration(calibrations: Calibration[]): string
