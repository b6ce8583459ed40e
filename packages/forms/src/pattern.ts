/**
 * Patterns follow the HTML `pattern` attribute: the whole answer must match, with the `v` flag,
 * so the browser and the server accept exactly the same answers.
 */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'v');
}
