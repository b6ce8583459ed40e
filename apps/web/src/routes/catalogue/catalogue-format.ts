/** How the portal words a procedure's delay and fee. */
export function delayText(days: number): string {
  if (days === 0) return 'Délai annoncé : le jour même';
  return `Délai annoncé : ${days} ${days > 1 ? 'jours ouvrés' : 'jour ouvré'}`;
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

export function feeText(feeCents: number | null): string {
  return feeCents === null || feeCents === 0 ? 'Gratuit' : `Tarif : ${euros.format(feeCents / 100)}`;
}

/** Case- and accent-insensitive, so that "etat" finds "État civil". */
export function searchKey(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase('fr');
}
