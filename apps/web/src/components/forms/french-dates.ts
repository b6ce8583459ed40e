const withWeekday = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const withoutWeekday = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

/**
 * A day in words, on the Paris calendar: "mardi 9 décembre 2026", and "1er" for the first of
 * the month, as French writes it.
 */
export function dayInWords(date: Date, options: { weekday?: boolean } = {}): string {
  const format = options.weekday === false ? withoutWeekday : withWeekday;
  return format
    .formatToParts(date)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** A date answer (`YYYY-MM-DD`) in words: "12 mars 1984". */
export const isoDayInWords = (day: string) => dayInWords(new Date(`${day}T12:00:00Z`), { weekday: false });
