import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { agents, agentServices, epciStaff, epcis, hostnames, services, tenants, type Database, type Transaction } from '@guichet/db';
import { readTenantFiles, type DeclaredCommune, type DeclaredEpci } from './read-tenant-files.ts';

export type LoadSummary = { epcis: number; communes: number; services: number; agents: number; staff: number; changed: number };

/**
 * Writes the declared EPCIs, communes and services, as the owner (tenant loading is one of the
 * rare places that holds a database without a tenant). All or nothing, and a second load of
 * the same files changes no row: updates only happen where a value differs, and what the back
 * office edits is overwritten only by a change of its entry in the file.
 *
 * Every read of a commune's or an EPCI's rows names its `tenant_id` or `epci_id`: the owner may
 * be a superuser or hold BYPASSRLS, which row-level security does not bind. The scope set with
 * set_config is the safety net for an ordinary owner, not the filter.
 */
export async function loadTenants(ownerDb: Database, root: string): Promise<LoadSummary> {
  const declared = await readTenantFiles(root);
  return ownerDb.transaction(async (tx) => {
    const summary: LoadSummary = { epcis: 0, communes: 0, services: 0, agents: 0, staff: 0, changed: 0 };
    for (const epci of declared) {
      const epciId = await upsertEpci(tx, epci, summary);
      for (const commune of epci.communes) {
        await upsertCommune(tx, epciId, commune, summary);
      }
    }
    return summary;
  });
}

async function upsertEpci(tx: Transaction, epci: DeclaredEpci, summary: LoadSummary): Promise<string> {
  const values = { slug: epci.slug, name: epci.name, siren: epci.siren, branding: epci.branding };
  const changed = await tx
    .insert(epcis)
    .values(values)
    .onConflictDoUpdate({
      target: epcis.slug,
      set: { ...values, updatedAt: sql`now()` },
      setWhere: sql`(${epcis.name}, ${epcis.siren}, ${epcis.branding}) IS DISTINCT FROM (excluded.name, excluded.siren, excluded.branding)`,
    })
    .returning({ id: epcis.id });
  summary.epcis += 1;
  summary.changed += changed.length;
  const [row] = await tx.select({ id: epcis.id }).from(epcis).where(eq(epcis.slug, epci.slug));
  if (!row) throw new Error(`EPCI ${epci.slug} vanished during loading`);
  await replaceHostnames(tx, { epciId: row.id }, epci.hostnames, summary);
  await createStaff(tx, row.id, epci, summary);
  return row.id;
}

/**
 * The commune's platform settings (name, INSEE code, EPCI, sign-in, map) follow the file at every
 * load; what its administrator edits in the back office (colours and contact, the logo, each
 * service) is applied from the file only when that entry of the file changed since it was last applied.
 */
async function upsertCommune(tx: Transaction, epciId: string, commune: DeclaredCommune, summary: LoadSummary) {
  const platform = {
    epciId,
    slug: commune.slug,
    name: commune.name,
    inseeCode: commune.inseeCode,
    agentSignIn: commune.agentSignIn ?? null,
    map: commune.map ?? null,
  };
  // The logo is an entry of its own: a new logo file changes nothing else, and new colours keep
  // the logo an administrator uploaded.
  const { logo: fileLogo, ...colours } = commune.branding;
  const presentation = { branding: colours, contact: commune.contact };
  const [existing] = await tx
    .select({ id: tenants.id, epciId: tenants.epciId, applied: tenants.appliedDeclarations, branding: tenants.branding, contact: tenants.contact })
    .from(tenants)
    .where(eq(tenants.slug, commune.slug));
  // A commune an EPCI made from its console (or another EPCI's file) is never taken over by a file:
  // its administrators would then run a commune of another EPCI.
  if (existing && existing.epciId !== epciId) {
    throw new Error(`La commune « ${commune.slug} » existe déjà dans une autre intercommunalité (créée depuis sa console, ou déclarée ailleurs) : donnez un autre identifiant à celle du fichier.`);
  }
  const applied = { ...existing?.applied };
  const presentationChanged = applied.presentation !== digest(presentation);
  const logo = !existing || applied.logo !== digest(fileLogo) ? fileLogo : existing.branding.logo;
  const shown = presentationChanged || !existing ? { branding: { ...colours, logo }, contact: commune.contact } : { branding: { ...existing.branding, logo }, contact: existing.contact };
  const changed = await tx
    .insert(tenants)
    .values({ ...platform, ...shown })
    .onConflictDoUpdate({
      target: tenants.slug,
      set: { ...platform, ...shown, updatedAt: sql`now()` },
      setWhere: sql`(${tenants.epciId}, ${tenants.name}, ${tenants.inseeCode}, ${tenants.agentSignIn}, ${tenants.map}, ${tenants.branding}, ${tenants.contact})
        IS DISTINCT FROM (excluded.epci_id, excluded.name, excluded.insee_code, excluded.agent_sign_in, excluded.map, excluded.branding, excluded.contact)`,
    })
    .returning({ id: tenants.id });
  summary.communes += 1;
  summary.changed += changed.length;
  applied.presentation = digest(presentation);
  applied.logo = digest(fileLogo);
  const [row] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, commune.slug));
  if (!row) throw new Error(`Commune ${commune.slug} vanished during loading`);
  await replaceHostnames(tx, { tenantId: row.id }, commune.hostnames, summary);
  await upsertServices(tx, row.id, commune, applied, summary);
  await createAgents(tx, row.id, commune, summary);
  if (JSON.stringify(applied) !== JSON.stringify(existing?.applied ?? {})) {
    await tx.update(tenants).set({ appliedDeclarations: applied }).where(eq(tenants.id, row.id));
  }
}

async function upsertServices(tx: Transaction, tenantId: string, commune: DeclaredCommune, applied: Record<string, string>, summary: LoadSummary) {
  // Services are tenant-owned and FORCE ROW LEVEL SECURITY binds an ordinary owner too.
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
  const existing = new Set((await tx.select({ slug: services.slug }).from(services).where(eq(services.tenantId, tenantId))).map((row) => row.slug));
  for (const service of commune.services) {
    summary.services += 1;
    const key = `service:${service.slug}`;
    if (existing.has(service.slug) && applied[key] === digest(service)) continue;
    const values = {
      tenantId,
      slug: service.slug,
      name: service.name,
      description: service.description ?? null,
      email: service.email ?? null,
      phone: service.phone ?? null,
    };
    const changed = await tx
      .insert(services)
      .values(values)
      .onConflictDoUpdate({
        target: [services.tenantId, services.slug],
        set: { ...values, updatedAt: sql`now()` },
        setWhere: sql`(${services.name}, ${services.description}, ${services.email}, ${services.phone})
          IS DISTINCT FROM (excluded.name, excluded.description, excluded.email, excluded.phone)`,
      })
      .returning({ id: services.id });
    summary.changed += changed.length;
    applied[key] = digest(service);
  }
  await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
}

function digest(declaration: unknown): string {
  return createHash('sha256').update(JSON.stringify(declaration)).digest('base64url');
}

/**
 * Creates the declared agents that do not exist yet, with their services. An existing account
 * is the back office's to manage (role, services, disabling are audited there), so the file
 * only marks it as declared, which lets it be matched by its identity provider's e-mail.
 */
async function createAgents(tx: Transaction, tenantId: string, commune: DeclaredCommune, summary: LoadSummary) {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
  const serviceIds = new Map(
    (await tx.select({ id: services.id, slug: services.slug }).from(services).where(eq(services.tenantId, tenantId))).map(
      (service) => [service.slug, service.id],
    ),
  );
  for (const declared of commune.agents) {
    summary.agents += 1;
    const [existing] = await tx
      .select({ id: agents.id, declaredInFile: agents.declaredInFile })
      .from(agents)
      .where(and(eq(agents.tenantId, tenantId), sql`lower(${agents.email}) = ${declared.email}`));
    if (existing) {
      if (!existing.declaredInFile) {
        await tx
          .update(agents)
          .set({ declaredInFile: true })
          .where(and(eq(agents.tenantId, tenantId), eq(agents.id, existing.id)));
        summary.changed += 1;
      }
      continue;
    }
    const [created] = await tx
      .insert(agents)
      .values({ tenantId, email: declared.email, displayName: declared.name, role: declared.role, declaredInFile: true })
      .returning({ id: agents.id });
    for (const slug of declared.services) {
      await tx.insert(agentServices).values({ tenantId, agentId: created!.id, serviceId: serviceIds.get(slug)! });
    }
    summary.changed += 1;
  }
  await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
}

/** EPCI administrators, created like agents: once, then managed by the EPCI itself. */
async function createStaff(tx: Transaction, epciId: string, epci: DeclaredEpci, summary: LoadSummary) {
  await tx.execute(sql`select set_config('app.epci_id', ${epciId}, true)`);
  for (const declared of epci.staff) {
    summary.staff += 1;
    const created = await tx
      .insert(epciStaff)
      .values({ epciId, email: declared.email, displayName: declared.name })
      .onConflictDoNothing()
      .returning({ id: epciStaff.id });
    summary.changed += created.length;
  }
  await tx.execute(sql`select set_config('app.epci_id', '', true)`);
}

async function replaceHostnames(
  tx: Transaction,
  owner: { tenantId: string } | { epciId: string },
  declared: string[],
  summary: LoadSummary,
) {
  const ownerColumn = 'tenantId' in owner ? hostnames.tenantId : hostnames.epciId;
  const ownerId = 'tenantId' in owner ? owner.tenantId : owner.epciId;
  const current = await tx.select({ hostname: hostnames.hostname }).from(hostnames).where(eq(ownerColumn, ownerId));
  const currentSet = new Set(current.map((row) => row.hostname));
  for (const host of current) {
    if (!declared.includes(host.hostname)) {
      await tx.delete(hostnames).where(and(eq(hostnames.hostname, host.hostname), eq(ownerColumn, ownerId)));
      summary.changed += 1;
    }
  }
  for (const host of declared) {
    if (currentSet.has(host)) continue;
    await tx.insert(hostnames).values({ hostname: host, ...owner });
    summary.changed += 1;
  }
}
