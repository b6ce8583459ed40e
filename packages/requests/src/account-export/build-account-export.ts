import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import { asc, eq } from 'drizzle-orm';
import { accountExports, attachments, tenants, vaultDocuments, withEpci, withTenant, type Database } from '@guichet/db';
import { getCitizenAccount } from '@guichet/identity';
import type { Storage } from '@guichet/storage';
import { listCitizenRequests, requestDetail } from '../request-views.ts';
import { EXPORT_LIFETIME_DAYS, exportKeys, type AccountExportJob } from './account-export.ts';

/** A part of an export: what goes into the archive as JSON, and the stored files it names. */
type Part = { entry: string; content: unknown; files: { path: string; storageKey: string }[] };

const README = `Vos données du portail citoyen (format guichet-export/1)

compte.json : votre compte (adresse e-mail, identité transmise par FranceConnect, préférences,
moyens de connexion) et la
liste des documents de votre coffre-fort.
demandes/<commune>.json : vos demandes dans chaque commune de l'intercommunalité, avec leurs réponses,
leur historique public et les messages échangés avec la mairie (les notes internes des agents n'en
font pas partie), et la liste de leurs pièces jointes.
pieces-jointes/<référence>/ : les fichiers de ces demandes.
coffre-fort/ : les fichiers de votre coffre-fort.

Les dates sont au format ISO 8601. Le détail des champs est celui de l'API du portail
(/api/docs : « CompteUsager », « Demande », « PieceJointe », « DocumentDuCoffreFort »).
`;

/**
 * Builds a citizen's data export, part by part: the account (with its coffre-fort), then each
 * commune of the EPCI. Each part is stored as soon as it is done and counted, so a job retried
 * after a crash resumes after the last stored part; then one ZIP assembles the parts and the
 * files they name, and the export is ready for 7 days. Run by the `account.build-export` job.
 */
export async function buildAccountExport(context: { db: Database; storage: Storage }, job: AccountExportJob): Promise<void> {
  const { db, storage } = context;
  const keys = exportKeys(job.epciId, job.exportId);
  const started = await withEpci(db, job.epciId, async (tx) => {
    const [row] = await tx.select().from(accountExports).where(eq(accountExports.id, job.exportId));
    if (!row || row.status !== 'pending') return undefined;
    const communes = await tx.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.epciId, job.epciId)).orderBy(asc(tenants.slug));
    await tx.update(accountExports).set({ partsTotal: communes.length + 1 }).where(eq(accountExports.id, job.exportId));
    return { accountId: row.accountId, communes };
  });
  if (!started) return;

  const builders: (() => Promise<Part>)[] = [
    () => accountPart(db, job.epciId, started.accountId),
    ...started.communes.map((commune) => () => communePart(db, commune, started.accountId)),
  ];
  const parts: Part[] = [];
  for (const [index, build] of builders.entries()) {
    const stored = await storage.get(keys.part(index));
    if (stored) {
      parts.push(JSON.parse(await text(stored.body)) as Part);
      continue;
    }
    const part = await build();
    const bytes = Buffer.from(JSON.stringify(part));
    await storage.put(keys.part(index), bytes, { contentType: 'application/json', size: bytes.length });
    if (!(await counted(db, job, { partsDone: index + 1 }))) return forget(storage, keys, builders.length);
    parts.push(part);
  }

  const size = await storeArchive(storage, keys.archive, parts);
  const now = new Date();
  const ready = await counted(db, job, { status: 'ready', storageKey: keys.archive, size, readyAt: now, expiresAt: new Date(now.getTime() + EXPORT_LIFETIME_DAYS * 86_400_000) });
  if (!ready) await forget(storage, keys, builders.length);
}

/** Records progress; false when the export is gone meanwhile (its account deleted). */
async function counted(db: Database, job: AccountExportJob, changes: Partial<typeof accountExports.$inferInsert>): Promise<boolean> {
  const updated = await withEpci(db, job.epciId, (tx) => tx.update(accountExports).set(changes).where(eq(accountExports.id, job.exportId)).returning({ id: accountExports.id }));
  return updated.length > 0;
}

/** An export deleted while it was built leaves nothing behind: its parts and archive go too. */
async function forget(storage: Storage, keys: ReturnType<typeof exportKeys>, parts: number): Promise<void> {
  for (let index = 0; index < parts; index += 1) await storage.delete(keys.part(index));
  await storage.delete(keys.archive);
}

async function accountPart(db: Database, epciId: string, accountId: string): Promise<Part> {
  return withEpci(db, epciId, async (tx) => {
    const account = await getCitizenAccount({ tx, accountId });
    const documents = await tx.select().from(vaultDocuments).where(eq(vaultDocuments.accountId, accountId)).orderBy(asc(vaultDocuments.createdAt));
    const vault = documents.map((document) => ({
      title: document.title,
      filename: document.filename,
      mediaType: document.mediaType,
      size: document.size,
      expiresOn: document.expiresOn,
      addedAt: document.createdAt.toISOString(),
      path: `coffre-fort/${document.id}-${document.filename}`,
    }));
    return {
      entry: 'compte.json',
      content: {
        format: 'guichet-export/1',
        generatedAt: new Date().toISOString(),
        account,
        vault,
      },
      files: documents.map((document, index) => ({ path: vault[index]!.path, storageKey: document.storageKey })),
    };
  });
}

/** One commune's requests of the account, as the citizen sees them: the public history only. */
async function communePart(db: Database, commune: { id: string; slug: string; name: string }, accountId: string): Promise<Part> {
  return withTenant(db, commune.id, async (tx) => {
    const actor = { kind: 'citizen' as const, accountId };
    const summaries = await listCitizenRequests({ tx, actor });
    const requests = [];
    const files: Part['files'] = [];
    for (const summary of summaries) {
      const detail = await requestDetail({ tx, actor, markRead: false }, { requestId: summary.id });
      const stored = await tx
        .select()
        .from(attachments)
        .where(eq(attachments.requestId, summary.id))
        .orderBy(asc(attachments.createdAt));
      const listed = stored.map((file) => ({
        id: file.id,
        filename: file.filename,
        mediaType: file.mediaType,
        size: file.size,
        uploadedByKind: file.uploadedByKind,
        createdAt: file.createdAt.toISOString(),
        path: `pieces-jointes/${detail.reference}/${file.id}-${file.filename}`,
      }));
      stored.forEach((file, index) => files.push({ path: listed[index]!.path, storageKey: file.storageKey }));
      requests.push({ ...detail, attachments: listed });
    }
    return { entry: `demandes/${commune.slug}.json`, content: { commune: { slug: commune.slug, name: commune.name }, requests }, files };
  });
}

/** The ZIP of every part and the files they name, written to a temporary file, then stored. */
async function storeArchive(storage: Storage, key: string, parts: Part[]): Promise<number> {
  const folder = await mkdtemp(path.join(tmpdir(), 'guichet-export-'));
  const file = path.join(folder, 'donnees.zip');
  try {
    const archive = new ZipArchive({ zlib: { level: 6 } });
    const written = pipeline(archive, createWriteStream(file));
    // Awaited once the archive is finalised; until then a write failure must not go unhandled.
    written.catch(() => {});
    archive.append(README, { name: 'LISEZMOI.txt' });
    for (const part of parts) {
      archive.append(JSON.stringify(part.content, null, 2), { name: part.entry });
      for (const stored of part.files) {
        const object = await storage.get(stored.storageKey);
        // A file erased meanwhile (a retention sweep) is left out rather than failing the export.
        if (!object) continue;
        archive.append(object.body, { name: stored.path });
        // One stored file open at a time: wait for this entry to be written before opening the next.
        await new Promise<void>((resolve, reject) => {
          const written = () => (archive.off('error', failed), resolve());
          const failed = (error: Error) => (archive.off('entry', written), reject(error));
          archive.once('entry', written);
          archive.once('error', failed);
        });
      }
    }
    await archive.finalize();
    await written;
    const { size } = await stat(file);
    await storage.put(key, createReadStream(file), { contentType: 'application/zip', size });
    return size;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function text(body: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
