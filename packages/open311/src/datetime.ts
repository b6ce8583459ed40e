const parisClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/**
 * An instant as ISO 8601 with its offset in the communes' own time (`2026-05-14T10:00:00+02:00`):
 * Open311 clients show these dates as they read them, so they show the hour the town hall saw.
 */
export function parisDateTime(instant: Date): string {
  const part = Object.fromEntries(parisClock.formatToParts(instant).map(({ type, value }) => [type, value]));
  // `longOffset` reads "GMT+02:00", or plain "GMT" at offset zero.
  const offset = part.timeZoneName === 'GMT' ? '+00:00' : part.timeZoneName!.slice(3);
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}${offset}`;
}
