/**
 * French numbers are dialled nationally as ten digits `0X XX XX XX XX`, but the overseas
 * departments have their own international codes: 0696 12 34 56 in Martinique is
 * +596 696 12 34 56, not +33. Numbers are stored in E.164 so the SMS gateway can use them as is.
 * Ranges from the ARCEP numbering plan (fixed and mobile blocks of each department).
 */
const overseasCodes: ReadonlyArray<readonly [code: string, prefixes: readonly string[]]> = [
  ['590', ['0590', '0690', '0691']], // Guadeloupe, Saint-Martin, Saint-Barthélemy
  ['594', ['0594', '0694']], // Guyane
  ['596', ['0596', '0696', '0697']], // Martinique
  ['262', ['0262', '0263', '0692', '0693', '0269', '0639']], // La Réunion, Mayotte
];

const NATIONAL = /^0[1-9]\d{8}$/;
const INTERNATIONAL = /^(?:\+|00)(33|590|594|596|262)(\d{9})$/;

/**
 * `+33612345678` for `06 12 34 56 78`, `06.12.34.56.78`, `+33 6 12 34 56 78`,
 * `+33 (0)6 12 34 56 78` or `0033612345678`; undefined when it is not a French number.
 */
export function normalizeFrenchPhone(input: string): string | undefined {
  const compact = input.replace(/\(0\)/g, '').replace(/[\s.\-]/g, '');
  const international = INTERNATIONAL.exec(compact);
  const national = international ? `0${international[2]}` : compact;
  if (!NATIONAL.test(national)) return undefined;
  const code = countryCodeOf(national);
  // +596 with a metropolitan number (or the reverse) is a typing mistake, not a number.
  if (international && international[1] !== '33' && international[1] !== code) return undefined;
  return `+${code}${national.slice(1)}`;
}

function countryCodeOf(national: string): string {
  const overseas = overseasCodes.find(([, prefixes]) => prefixes.some((prefix) => national.startsWith(prefix)));
  return overseas ? overseas[0] : '33';
}
