/** The two representations GeoReport v2 defines, chosen by the path's extension. */
export const formats = ['json', 'xml'] as const;
export type Format = (typeof formats)[number];

/**
 * The format a path asks for. The specification's own default is XML, so an answer to a path
 * with an unknown extension (an error, necessarily) is XML too.
 */
export function formatOfPath(path: string): Format {
  return path.endsWith('.json') ? 'json' : 'xml';
}
