import { epcis, type Database } from '@guichet/db';

/**
 * An EPCI of a test file's own, without communes: what a test creates in it (a commune made from
 * the console) leaves the demo EPCIs' members as other files count them.
 */
export async function insertTestEpci(ownerDb: Database, slug: string, siren: string): Promise<string> {
  const [epci] = await ownerDb
    .insert(epcis)
    .values({ slug, name: `Communauté de communes d’essai (${slug})`, siren, branding: { logo: '', primaryColor: '#2b3a67', secondaryColor: '#e8ecf6', textOnPrimary: '#ffffff' } })
    .returning({ id: epcis.id });
  return epci!.id;
}
