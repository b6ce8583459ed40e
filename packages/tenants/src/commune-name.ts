/**
 * "de" before a commune's name, elided before a vowel or an h as French writes it: "la mairie
 * d’Oignies", "la mairie de Libercourt", "la mairie d’Hénin-Beaumont".
 */
export function ofCommune(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöùûüœæ]/i.test(name) ? `d’${name}` : `de ${name}`;
}
