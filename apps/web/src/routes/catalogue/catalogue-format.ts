/** How the portal words a procedure's delay and fee. */
export function delayText(days: number): string {
  if (days === 0) return 'Délai annoncé : le jour même';
  return `Délai annoncé : ${days} ${days > 1 ? 'jours ouvrés' : 'jour ouvré'}`;
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

export function feeText(feeCents: number | null): string {
  return feeCents === null || feeCents === 0 ? 'Gratuit' : `Tarif : ${euros.format(feeCents / 100)}`;
}

/**
 * Case-, accent-, hyphen- and apostrophe-insensitive, so that "etat" finds "État civil" and
 * "nid de poule" finds "Nid-de-poule": punctuation becomes one space, and spaces are collapsed.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('fr')
    .replace(/[\p{Pd}'’ʼ\s]+/gu, ' ')
    .trim();
}
