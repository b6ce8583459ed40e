import type postgres from 'postgres';

/**
 * One row per tenant-owned and EPCI-owned table for two communes of one EPCI and for a commune
 * of another EPCI, so that the isolation suite has something to fail to see. A new table needs
 * its fixture here: the suite refuses a table without rows on both sides.
 */
export async function seedIsolationFixtures(owner: postgres.Sql): Promise<void> {
  const communes = await owner<{ id: string; epci_id: string; slug: string }[]>`
    select id, epci_id, slug from tenants where slug in ('libercourt', 'carvin', 'lavaur')`;
  for (const commune of communes) {
    await owner.begin(async (sql) => {
      await sql`select set_config('app.tenant_id', ${commune.id}, true)`;
      const email = `isolation-${commune.slug}@example.fr`;
      const [agent] = await sql<{ id: string }[]>`
        insert into agents (tenant_id, email, display_name, role) values (${commune.id}, ${email}, 'Agent témoin', 'agent')
        on conflict do nothing returning id`;
      if (!agent) return;
      const [service] = await sql<{ id: string }[]>`select id from services limit 1`;
      await sql`insert into agent_services (tenant_id, agent_id, service_id) values (${commune.id}, ${agent.id}, ${service!.id})`;
      const [citizen] = await sql<{ id: string }[]>`
        insert into citizen_accounts (epci_id, email) values (${commune.epci_id}, ${email}) returning id`;
      await sql`insert into epci_staff (epci_id, email, display_name) values (${commune.epci_id}, ${email}, 'Agent EPCI témoin')`;
      const expires = new Date(Date.now() + 3_600_000).toISOString();
      await sql`insert into sessions (epci_id, id, secret_hash, tenant_id, account_kind, account_id, auth_method, expires_at)
        values (${commune.epci_id}, ${`isolation-${commune.slug}`}, 'x', ${commune.id}, 'citizen', ${citizen!.id}, 'password', ${expires})`;
      await sql`insert into sign_in_flows (epci_id, id, tenant_id, provider, state, expires_at)
        values (${commune.epci_id}, ${`isolation-${commune.slug}`}, ${commune.id}, 'franceconnect', 'state', ${expires})`;
      await sql`insert into account_tokens (epci_id, token_hash, tenant_id, purpose, account_kind, account_id, expires_at)
        values (${commune.epci_id}, ${`isolation-${commune.slug}`}, ${commune.id}, 'verify_email', 'citizen', ${citizen!.id}, ${expires})`;
      await sql`insert into audit_events (epci_id, tenant_id, action, subject_kind, subject_id)
        values (${commune.epci_id}, ${commune.id}, 'isolation_fixture', 'citizen', ${citizen!.id})`;
      await seedGrcRows(sql, commune, { serviceId: service!.id, citizenId: citizen!.id, agentId: agent.id });
    });
  }
}

async function seedGrcRows(
  sql: postgres.TransactionSql,
  commune: { id: string; epci_id: string; slug: string },
  ids: { serviceId: string; citizenId: string; agentId: string },
): Promise<void> {
  const { serviceId, citizenId, agentId } = ids;
  const definition = JSON.stringify({ title: 'Témoin', form: { fields: [] } });
  const [theme] = await sql<{ id: string }[]>`
    insert into themes (tenant_id, slug, title) values (${commune.id}, 'isolation', 'Témoin') returning id`;
  const [procedure] = await sql<{ id: string }[]>`
    insert into procedures (tenant_id, slug, theme_id, service_id, definition, published)
    values (${commune.id}, 'isolation', ${theme!.id}, ${serviceId}, ${definition}::jsonb, false) returning id`;
  const [contact] = await sql<{ id: string }[]>`
    insert into contacts (tenant_id, family_name, citizen_account_id) values (${commune.id}, 'Témoin', ${citizenId}) returning id`;
  const [request] = await sql<{ id: string }[]>`
    insert into requests (tenant_id, reference, procedure_id, form_version, service_id, channel, contact_id, data, summary, due_at)
    values (${commune.id}, ${`ISO-${commune.slug}`}, ${procedure!.id}, 1, ${serviceId}, 'phone', ${contact!.id}, '{}'::jsonb, 'Témoin', now())
    returning id`;
  const figures = {
    period: { key: '2000', label: 'Année 2000', from: '2000-01-01', to: '2000-12-31' },
    filed: null,
    closed: null,
    withinDelay: { onTime: null, share: null },
    processingMedianHours: null,
    satisfaction: { ratings: null, average: null, satisfiedShare: null },
    complaints: { received: null, answered: null, answeredWithinDelay: null },
    suggestions: { received: null },
    procedures: [],
  };
  await sql`insert into quality_reports (tenant_id, period, figures, published_at, published_by)
    values (${commune.id}, '2000', ${JSON.stringify(figures)}::jsonb, now(), ${agentId})`;
  // The history's line marks the request stale for statistics (request_facts_stale); its facts are written here.
  await sql`insert into request_events (tenant_id, request_id, kind, public, actor_kind, payload)
    values (${commune.id}, ${request!.id}, 'filed', true, 'system', '{}'::jsonb)`;
  await sql`insert into request_facts (tenant_id, request_id, procedure_id, theme_id, service_id, channel, status, filed_at, paused_seconds, reopenings, transfers, merged)
    values (${commune.id}, ${request!.id}, ${procedure!.id}, ${theme!.id}, ${serviceId}, 'phone', 'submitted', '2000-01-15T12:00:00Z', 0, 0, 0, false)`;
  // Rows only the EPCI's console writes, in its scope (no commune set): a template, a former
  // version of it, and the EPCI's report of the same year as its public page reads it (once per EPCI).
  await sql`select set_config('app.tenant_id', '', true), set_config('app.epci_id', ${commune.epci_id}, true)`;
  const [template] = await sql<{ id: string }[]>`insert into procedure_templates (epci_id, slug, theme_title, definition)
    values (${commune.epci_id}, ${`isolation-${commune.slug}`}, 'Témoin', ${definition}::jsonb) returning id`;
  await sql`insert into procedure_template_versions (epci_id, template_id, version, theme_title, definition, published_at)
    values (${commune.epci_id}, ${template!.id}, 0, 'Témoin', ${definition}::jsonb, now())`;
  await sql`insert into epci_quality_reports (epci_id, period, figures, published_at, published_by)
    values (${commune.epci_id}, '2000', ${JSON.stringify(figures)}::jsonb, now(), ${agentId}) on conflict do nothing`;
  await sql`select set_config('app.tenant_id', ${commune.id}, true), set_config('app.epci_id', '', true)`;
  // The rollups as the statistics job would leave them for these facts (they always add up to the
  // facts: the job takes these away when it computes the request again), and an empty histogram.
  await sql`insert into request_rollups (tenant_id, span, start, procedure_id, service_id, channel, filed, closed, merged, reopenings, transfers, on_time, ratings)
    values (${commune.id}, 'day', '2000-01-15', ${procedure!.id}, ${serviceId}, 'phone', 1, 0, 0, 0, 0, 0, '{0,0,0,0,0}'),
           (${commune.id}, 'month', '2000-01-01', ${procedure!.id}, ${serviceId}, 'phone', 1, 0, 0, 0, 0, 0, '{0,0,0,0,0}'),
           (${commune.id}, 'year', '2000-01-01', ${procedure!.id}, ${serviceId}, 'phone', 1, 0, 0, 0, 0, 0, '{0,0,0,0,0}')
    on conflict (tenant_id, span, start, procedure_id, service_id, channel) do update set filed = request_rollups.filed + 1`;
  await sql`insert into citizen_arrivals (tenant_id, citizen_account_id, request_id) values (${commune.id}, ${citizenId}, ${request!.id})`;
  await sql`insert into citizen_rollups (tenant_id, span, start, new_citizens, franceconnect)
    values (${commune.id}, 'day', '2000-01-15', 0, 0) on conflict do nothing`;
  await sql`insert into request_place_rollups (tenant_id, span, start, sector, grid_cell, filed, closed, on_time)
    values (${commune.id}, 'day', '2000-01-15', '', '', 1, 0, 0), (${commune.id}, 'month', '2000-01-01', '', '', 1, 0, 0),
           (${commune.id}, 'year', '2000-01-01', '', '', 1, 0, 0)
    on conflict (tenant_id, span, start, sector, grid_cell) do update set filed = request_place_rollups.filed + 1`;
  await sql`insert into request_delay_histograms (tenant_id, span, start, acknowledgement, first_answer, processing)
    values (${commune.id}, 'month', '2000-01-01', '{}', '{}', '{}') on conflict do nothing`;
  await sql`insert into attachments (tenant_id, request_id, uploaded_by_kind, filename, media_type, size, sha256, storage_key)
    values (${commune.id}, ${request!.id}, 'agent', 'temoin.pdf', 'application/pdf', 1, 'x', ${`isolation/${commune.slug}`})`;
  await sql`insert into reply_templates (tenant_id, title, body) values (${commune.id}, 'Témoin', 'Bonjour')`;
  await sql`insert into idempotency_keys (tenant_id, sender, operation, key, fingerprint) values (${commune.id}, 'citizen:temoin', 'filing', ${`isolation-${commune.slug}`}, 'x')`;
  await sql`insert into request_follow_up_tokens (tenant_id, token_hash, request_id) values (${commune.id}, ${`isolation-${commune.slug}`}, ${request!.id})`;
  await sql`insert into request_presence (tenant_id, request_id, agent_id) values (${commune.id}, ${request!.id}, ${agentId})`;
  // The catalogue loader may have written the commune's settings already.
  await sql`insert into commune_settings (tenant_id, calendar) values (${commune.id}, '{"zone":"metropole","closures":[],"acknowledgementDelayDays":2}'::jsonb)
    on conflict (tenant_id) do nothing`;
  await sql`insert into api_keys (tenant_id, key_hash, label) values (${commune.id}, ${`isolation-${commune.slug}`}, 'Témoin')`;
  await sql`insert into request_drafts (tenant_id, account_id, procedure_id, values, expires_at)
    values (${commune.id}, ${citizenId}, ${procedure!.id}, '{}'::jsonb, now() + interval '1 day')`;
  await sql`insert into vault_documents (epci_id, account_id, title, filename, media_type, size, sha256, storage_key)
    values (${commune.epci_id}, ${citizenId}, 'Témoin', 'temoin.pdf', 'application/pdf', 1, 'x', ${`isolation/${commune.slug}`})`;
  await sql`insert into account_exports (epci_id, account_id, expires_at) values (${commune.epci_id}, ${citizenId}, now() + interval '1 day')`;
}
