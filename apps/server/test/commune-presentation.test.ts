import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tenant } from '@guichet/db';
import { agentSession, communeBySlug, httpClient, readJson, startServer, type TestServer, withCookie } from '@guichet/testing';
import { sql } from 'drizzle-orm';

let server: TestServer;
let oignies: Tenant;
let admin: ReturnType<typeof withCookie>;
let agent: ReturnType<typeof withCookie>;
let original: unknown;

// Oignies: the commune the other files leave alone; its presentation is put back at the end.
beforeAll(async () => {
  server = await startServer();
  oignies = await communeBySlug(server.databases.app, 'oignies');
  const portal = httpClient(server, 'oignies');
  admin = withCookie(portal, (await agentSession(server.databases.app, oignies, { email: 'presentation.admin@oignies.example.fr', role: 'commune_admin', services: [] })).cookie);
  agent = withCookie(portal, (await agentSession(server.databases.app, oignies, { email: 'presentation.agent@oignies.example.fr', role: 'agent', services: ['culture'] })).cookie);
  original = await readJson(await admin.api.agent.administration.commune.$get());
});
afterAll(async () => {
  if (original) await admin.api.agent.administration.commune.$put({ json: original as never });
  await server.close();
});

const edited = {
  branding: { primaryColor: '#0b4f6c', secondaryColor: '#eef6f9', textOnPrimary: '#ffffff', tagline: 'Oignies, au plus près de vous' },
  contact: { address: 'Rue Émile Zola', postalCode: '62590', city: 'Oignies', phone: '03 21 00 00 00', openingHours: 'Du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h' },
};

describe('the commune’s presentation, edited by its administrator', () => {
  it('is saved, shown by the portal at once, and written to the audit log', async () => {
    const saved = await admin.api.agent.administration.commune.$put({ json: edited });
    expect(saved.status).toBe(200);
    const profile = await readJson(await httpClient(server, 'oignies').api.commune.$get());
    expect(profile.branding).toMatchObject({ primaryColor: '#0b4f6c', tagline: 'Oignies, au plus près de vous' });
    expect(profile.contact.openingHours).toBe('Du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h');
    const journal = await readJson(await admin.api.agent.administration.journal.$get({ query: {} }));
    expect(journal.entries[0]).toMatchObject({ action: 'presentation_changed', actor: { name: 'Agent de test' } });
  });

  it('refuses colours that would not be readable, saying the ratio, one entry per colour, and changes nothing', async () => {
    const before = await readJson(await admin.api.agent.administration.commune.$get());
    const unreadable = await admin.api.agent.administration.commune.$put({
      json: { ...edited, branding: { primaryColor: '#f0f0f0', secondaryColor: '#333333', textOnPrimary: '#ffffff' } },
    });
    expect(unreadable.status).toBe(422);
    const problem = await readJson(unreadable);
    expect(problem.errors.map((error: { field: string }) => error.field).sort()).toEqual(['branding/primaryColor', 'branding/secondaryColor', 'branding/textOnPrimary']);
    expect(problem.errors.find((error: { field: string }) => error.field === 'branding/textOnPrimary').message).toBe(
      'Le texte de l’en-tête sur la couleur principale n’est pas assez contrasté (1,1:1 ; il faut au moins 4,5:1).',
    );
    expect(await readJson(await admin.api.agent.administration.commune.$get())).toEqual(before);
  });

  it('is for administrators only', async () => {
    expect((await agent.api.agent.administration.commune.$put({ json: edited })).status).toBe(403);
  });

  it('lets the application role change its own commune’s presentation, never another commune’s row nor any other column', async () => {
    const carvin = await communeBySlug(server.databases.app, 'carvin');
    const touched = await withTenant(server.databases.app, oignies.id, (tx) =>
      tx.execute(sql`update tenants set contact = contact || '{"city": "Ailleurs"}' where id = ${carvin.id} returning id`),
    );
    expect(touched).toHaveLength(0);
    await expect(withTenant(server.databases.app, oignies.id, (tx) => tx.execute(sql`update tenants set name = 'Autre nom' where id = ${oignies.id}`))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
  });
});
