/**
 * JSON text written from its parts where the mock answers often (issue 11): a string member's value
 * quoted, and when it has a character to escape, as JSON.stringify writes it (on Node 20 a call of
 * JSON.stringify costs more than looking through a short string first).
 */
export function jsonString(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(value)
  }
  return `"${value}"`
}
