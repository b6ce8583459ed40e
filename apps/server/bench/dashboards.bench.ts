import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadCatalogue } from '@guichet/catalogue';
import { createDatabase, epcis, prepareDatabase, tenants, withEpciScope, withTenant, type Database, type Transaction } from '@guichet/db';
import { communeIndicators, compareCommunes, generateActivity } from '@guichet/statistics';
import { loadTenants } from '@guichet/tenants';
import { demoTenantsDir } from '@guichet/testing';

/**
 * `npm run bench:statistiques -- [--communes 20] [--demandes 500000] [--annees 5] [--dossier …]`:
 * fills an embedded database of its own (kept in `--dossier` between runs: a second run measures
 * without loading again) with the communes of one EPCI and their activity, then times every
 * dashboard query (p95 of repeated runs) beside the same figure computed by a full scan of the
 * requests' facts, in the same run.
 */
const { values } = parseArgs({
  options: {
    communes: { type: 'string', default: '20' },
    demandes: { type: 'string', default: '500000' },
    annees: { type: 'string', default: '5' },
    dossier: { type: 'string', default: join(tmpdir(), 'guichet-bench-statistiques') },
    tours: { type: 'string', default: '20' },
  },
});
const communeCount = Number(values.communes);
const perCommune = Number(values.demandes);
const rounds = Number(values.tours);
const tenantsDir = join(values.dossier, 'tenants');

await writeTenants();
const database = await prepareDatabase({ EMBEDDED_POSTGRES_DIR: join(values.dossier, 'postgres'), EMBEDDED_POSTGRES_PORT: 54_390 });
const owner = createDatabase(database.ownerUrl, { max: 2 });
const app = createDatabase(database.applicationUrl, { max: 4 });
try {
  await loadTenants(owner.db, tenantsDir);
  await loadCatalogue(owner.db, tenantsDir);
  const loaded = await generateActivity(owner.db, {
    requests: perCommune,
    years: Number(values.annees),
    onlyEmpty: true,
    report: (line) => console.log(`${line.commune} : ${line.requests} demandes, ${line.events} lignes d’historique avec leurs faits et cumuls en ${line.seconds.toFixed(0)} s`),
  });
  if (loaded.requests > 0) console.log(`Chargé : ${loaded.requests} demandes en ${loaded.seconds.toFixed(0)} s (${Math.round(loaded.requests / loaded.seconds)} demandes/s, faits et cumuls compris)`);
  await owner.db.execute(sql`vacuum analyze`);
  await measure(app.db);
} finally {
  await app.close();
  await owner.close();
  await database.stop();
}

/** One EPCI (the demo's) with the demo's three communes and clones of Libercourt up to `--communes`. */
async function writeTenants(): Promise<void> {
  const epci = join(tenantsDir, 'agglo-henin-carvin');
  await mkdir(epci, { recursive: true });
  const demo = join(demoTenantsDir, 'agglo-henin-carvin');
  for (const entry of await readdir(demo)) if (!entry.endsWith('.yaml') || entry === 'epci.yaml' || entry === 'templates.yaml') await cp(join(demo, entry), join(epci, entry), { recursive: true });
  const libercourt = join(demo, 'libercourt');
  const [commune, catalogue] = await Promise.all([readFile(join(libercourt, 'commune.yaml'), 'utf8'), readFile(join(libercourt, 'catalogue.yaml'), 'utf8')]);
  for (let index = 4; index <= communeCount; index += 1) {
    const slug = `commune-${String(index).padStart(2, '0')}`;
    const folder = join(epci, slug);
    await mkdir(folder, { recursive: true });
    await cp(join(libercourt, 'logo.svg'), join(folder, 'logo.svg'));
    await writeFile(join(folder, 'catalogue.yaml'), catalogue);
    await writeFile(
      join(folder, 'commune.yaml'),
      commune
        .replace(/^slug: libercourt$/m, `slug: ${slug}`)
        .replace(/^name: Libercourt$/m, `name: Commune ${index}`)
        .replace(/^inseeCode: "62907"$/m, `inseeCode: "99${String(index).padStart(3, '0')}"`)
        .replaceAll('libercourt.example.fr', `${slug}.example.fr`),
    );
  }
}

type Scenario = { name: string; rollups: (db: Database) => Promise<unknown>; fullScan: (db: Database) => Promise<unknown> };

async function measure(db: Database): Promise<void> {
  const [epci] = await db.select({ id: epcis.id }).from(epcis).where(sql`${epcis.slug} = 'agglo-henin-carvin'`);
  const members = await db.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).where(sql`${tenants.epciId} = ${epci!.id}`);
  const commune = members.find((member) => member.slug === 'libercourt')!;
  const [service] = await withTenant(db, commune.id, (tx) => tx.execute<{ id: string }>(sql`select id from services where slug = 'services-techniques'`));
  const [procedure] = await withTenant(db, commune.id, (tx) => tx.execute<{ id: string }>(sql`select procedure_id as id from request_facts group by 1 order by count(*) desc limit 1`));
  const today = new Date().toISOString().slice(0, 10);
  const month = { du: `${today.slice(0, 8)}01`, au: today };
  const lastYear = String(Number(today.slice(0, 4)) - 1);
  const year = { du: `${lastYear}-01-01`, au: `${lastYear}-12-31` };
  const twelveMonths = { du: new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10), au: today };
  const tenantIds = members.map((member) => member.id);
  const inCommune = <T>(work: (tx: Transaction) => Promise<T>) => (target: Database) => withTenant(target, commune.id, work);
  const inEpci = <T>(work: (tx: Transaction) => Promise<T>) => (target: Database) => withEpciScope(target, epci!.id, work);
  const scan = (period: { du: string; au: string }, where = sql`true`) => (tx: Transaction) =>
    tx.execute(sql`
      select count(*) filter (where filed_at >= ${period.du}::date::timestamp at time zone 'Europe/Paris' and filed_at < (${period.au}::date + 1)::timestamp at time zone 'Europe/Paris') as filed,
        percentile_cont(0.5) within group (order by processing_seconds) filter (where closed_at >= ${period.du}::date::timestamp at time zone 'Europe/Paris' and closed_at < (${period.au}::date + 1)::timestamp at time zone 'Europe/Paris') as median
      from request_facts where ${where}`);
  const scenarios: Scenario[] = [
    { name: 'Commune, mois en cours', rollups: inCommune((tx) => communeIndicators(tx, { ...month, serviceIds: null })), fullScan: inCommune(scan(month)) },
    { name: `Commune, année ${lastYear}`, rollups: inCommune((tx) => communeIndicators(tx, { ...year, serviceIds: null })), fullScan: inCommune(scan(year)) },
    { name: 'Commune, 12 derniers mois', rollups: inCommune((tx) => communeIndicators(tx, { ...twelveMonths, serviceIds: null })), fullScan: inCommune(scan(twelveMonths)) },
    { name: 'Commune, année, un service', rollups: inCommune((tx) => communeIndicators(tx, { ...year, serviceIds: [service!.id] })), fullScan: inCommune(scan(year, sql`service_id = ${service!.id}`)) },
    { name: 'Commune, année, un canal', rollups: inCommune((tx) => communeIndicators(tx, { ...year, canal: 'phone', serviceIds: null })), fullScan: inCommune(scan(year, sql`channel = 'phone'`)) },
    { name: 'Commune, année, une démarche', rollups: inCommune((tx) => communeIndicators(tx, { ...year, demarche: procedure!.id, serviceIds: null })), fullScan: inCommune(scan(year, sql`procedure_id = ${procedure!.id}`)) },
    { name: 'EPCI, mois en cours', rollups: inEpci((tx) => communeIndicators(tx, { ...month, serviceIds: null, tenantIds })), fullScan: inEpci(scan(month)) },
    { name: `EPCI, année ${lastYear}`, rollups: inEpci((tx) => communeIndicators(tx, { ...year, serviceIds: null, tenantIds })), fullScan: inEpci(scan(year)) },
    { name: 'EPCI, 12 derniers mois, un canal', rollups: inEpci((tx) => communeIndicators(tx, { ...twelveMonths, canal: 'portal', serviceIds: null, tenantIds })), fullScan: inEpci(scan(twelveMonths, sql`channel = 'portal'`)) },
    { name: `EPCI, communes comparées, ${lastYear}`, rollups: inEpci((tx) => compareCommunes(tx, { ...year, communes: members })), fullScan: inEpci(scan(year)) },
  ];
  const [{ requests } = { requests: 0 }] = await withEpciScope(db, epci!.id, (tx) => tx.execute<{ requests: number }>(sql`select count(*)::int as requests from request_facts`));
  console.log(`\n${members.length} communes, ${requests} demandes  ; p95 sur ${rounds} tours, à côté du même chiffre par un parcours complet des faits (médiane de 3)\n`);
  console.log(`${'Requête du tableau de bord'.padEnd(40)} ${'cumuls p95'.padStart(12)} ${'parcours complet'.padStart(18)}`);
  for (const scenario of scenarios) {
    await scenario.rollups(db);
    const timings: number[] = [];
    for (let round = 0; round < rounds; round += 1) timings.push(await timed(() => scenario.rollups(db)));
    const scans: number[] = [];
    for (let round = 0; round < 3; round += 1) scans.push(await timed(() => scenario.fullScan(db)));
    console.log(`${scenario.name.padEnd(40)} ${`${percentile(timings, 0.95).toFixed(1)} ms`.padStart(12)} ${`${percentile(scans, 0.5).toFixed(1)} ms`.padStart(18)}`);
  }
  console.log('\nPlafond : 200 ms au 95e centile pour chaque requête.');
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
