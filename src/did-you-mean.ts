/** The nearest allowed name to a misspelt one, for "did you mean" hints in error messages. */
import { closest, distance } from 'fastest-levenshtein'

/**
 * The allowed name nearest to `given`, or undefined when none is close: case is ignored, a name
 * that one of them starts (`sessionTimeout` for `sessionTimeoutSeconds`) counts as close, and
 * otherwise up to a third of the letters (at least two) may differ.
 */
export function nearest(given: string, allowed: readonly string[]): string | undefined {
  const folded = given.toLowerCase()
  if (folded === '' || allowed.length === 0) return undefined
  const lower = allowed.map(name => name.toLowerCase())
  const extended = allowed.filter((_name, i) => (lower[i] as string).startsWith(folded))
  if (extended.length > 0) return extended.sort((a, b) => a.length - b.length)[0]
  const match = closest(folded, lower)
  return distance(folded, match) <= Math.max(2, Math.floor(folded.length / 3)) ? allowed[lower.indexOf(match)] : undefined
}

/** ` (did you mean X?)` with `format(X)` when a name is close, else the empty string. */
export function didYouMean(given: string, allowed: readonly string[], format: (name: string) => string = name => name): string {
  const name = nearest(given, allowed)
  return name === undefined ? '' : ` (did you mean ${format(name)}?)`
}
