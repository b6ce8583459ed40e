import { describe, expect, it } from 'vitest';
import { ofCommune } from '../src/commune-name.ts';

describe('a commune’s name after « de »', () => {
  it('elides before a vowel or an h, accented or not, and not before a consonant', () => {
    expect(ofCommune('Oignies')).toBe('d’Oignies');
    expect(ofCommune('Hénin-Beaumont')).toBe('d’Hénin-Beaumont');
    expect(ofCommune('Évin-Malmaison')).toBe('d’Évin-Malmaison');
    expect(ofCommune('Libercourt')).toBe('de Libercourt');
    expect(ofCommune('Carvin')).toBe('de Carvin');
  });
});
