/** `text` parsed as JSON, or undefined when it is not JSON (which no JSON text parses to). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
