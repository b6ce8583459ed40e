import { z } from 'zod';

/**
 * A map tile server's address template, as OpenStreetMap-compatible servers publish it
 * (`https://tile.openstreetmap.org/{z}/{x}/{y}.png`). One host only (no `{s}` subdomains), so
 * that the Content-Security-Policy can allow exactly its origin; plain HTTP only on loopback.
 */
export const tileUrlTemplate = z
  .string()
  .refine((value) => ['{z}', '{x}', '{y}'].every((part) => value.includes(part)), 'une adresse qui contient {z}, {x} et {y}')
  .refine((value) => !value.includes('{s}'), 'une adresse sans {s} : un seul serveur, autorisé tel quel par la politique de sécurité')
  .refine((value) => {
    try {
      const url = new URL(value.replaceAll(/\{[a-z]\}/g, '0'));
      return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
    } catch {
      return false;
    }
  }, 'une adresse https:// (http:// seulement en local)');

/** The origin the browser fetches tiles from: what `img-src` allows. */
export function tileOrigin(template: string): string {
  return new URL(template.replaceAll(/\{[a-z]\}/g, '0')).origin;
}
