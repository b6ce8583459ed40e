import type postgres from 'postgres';

/** A minimal but complete definition, for tests whose subject is requests rather than the catalogue. */
export function testProcedureDefinition(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Signalement de test',
    summary: 'Un signalement sur la voie publique.',
    description: 'Décrivez le problème et où il se trouve.',
    steps: ['Décrivez', 'Envoyez'],
    requiredDocuments: [],
    form: {
      fields: [
        { kind: 'text', key: 'objet', label: 'Objet', required: true },
        {
          kind: 'choice',
          key: 'nature',
          label: 'Nature',
          required: true,
          options: [
            { value: 'voirie', label: 'Voirie' },
            { value: 'eclairage', label: 'Éclairage public' },
          ],
        },
        { kind: 'address', key: 'lieu', label: 'Lieu', required: false },
      ],
    },
    routing: [{ when: { field: 'nature', equals: 'eclairage' }, service: 'etat-civil' }],
    priorityRules: [{ when: { field: 'objet', equals: 'Danger immédiat' }, priority: 'urgent' }],
    delayDays: 5,
    pauseMode: 'continue',
    decisionRequired: false,
    anonymousAllowed: true,
    restricted: false,
    workflow: {},
    retentionDays: 730,
    open311: false,
    feeCents: null,
    ...overrides,
  };
}

/**
 * Inserts a procedure into a commune's catalogue as the owner; returns nothing if it exists. A
 * service the commune lacks is created (« Service <slug> »): a test's own, with its own agents only.
 */
export async function insertTestProcedure(
  owner: postgres.Sql,
  communeSlug: string,
  slug: string,
  serviceSlug: string,
  definition: Record<string, unknown>,
): Promise<void> {
  await owner.begin(async (sql) => {
    const [commune] = await sql<{ id: string }[]>`select id from tenants where slug = ${communeSlug}`;
    await sql`select set_config('app.tenant_id', ${commune!.id}, true)`;
    const [theme] = await sql<{ id: string }[]>`
      insert into themes (tenant_id, slug, title, position) values (${commune!.id}, 'tests', 'Tests', 999)
      on conflict (tenant_id, slug) do update set title = excluded.title returning id`;
    await sql`insert into services (tenant_id, slug, name) values (${commune!.id}, ${serviceSlug}, ${`Service ${serviceSlug}`}) on conflict (tenant_id, slug) do nothing`;
    const [service] = await sql<{ id: string }[]>`select id from services where slug = ${serviceSlug}`;
    await sql`insert into procedures (tenant_id, slug, theme_id, service_id, definition)
      values (${commune!.id}, ${slug}, ${theme!.id}, ${service!.id}, ${JSON.stringify(definition)}::jsonb)
      on conflict (tenant_id, slug) do nothing`;
  });
}
