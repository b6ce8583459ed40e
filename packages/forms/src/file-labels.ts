const formatNames: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
  'image/*': 'images',
};

/** A format's name as French users know it ("PDF", "JPEG"), the same in the form and in the server's refusals. */
export function formatLabel(mediaType: string): string {
  return formatNames[mediaType] ?? mediaType.split('/')[1]!.toUpperCase();
}

/** A size as French users read it: `300 ko`, `10 Mo`, `2,5 Mo`. */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} ko`;
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1).replace('.', ',')} Mo`;
}
