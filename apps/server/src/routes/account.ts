import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  citizenAccountSchema,
  citizenInputs,
  getCitizenAccount,
  notificationPreferencesSchema,
  passwordSetSchema,
  revokeCitizenSessions,
  sendDeletionCode,
  setCitizenPassword,
  updateNotificationPreferences,
} from '@guichet/identity';
import { accountExportSchema, latestAccountExport, openAccountExport, requestAccountExport } from '@guichet/requests';
import { beginFranceConnect, citizenPortal, deleteSignedInAccount } from '../citizen-portal.ts';
import { clearCookie, SESSION_COOKIE } from '../cookies.ts';
import type { AppDependencies } from '../env.ts';
import { fileResponse } from '../file-response.ts';
import { requireCitizen } from '../middleware/require-account.ts';
import { requireCommune } from '../middleware/site.ts';
import { asCitizen } from '../openapi/access.ts';
import { downloadResponse } from '../openapi/files.ts';
import { jsonBody, jsonResponse, problemResponses } from '../openapi/responses.ts';
import { createRouter } from '../openapi/router.ts';

const accountViewSchema = citizenAccountSchema.extend({
  franceconnectAvailable: z.boolean().meta({ description: 'La plateforme propose FranceConnect : le compte peut y être relié.' }),
});
const redirectSchema = z.object({
  redirect: z.string().meta({ description: 'L’adresse où envoyer le navigateur.' }),
});
const signedOutEverywhereSchema = z.object({
  revoked: z.int().nonnegative().meta({ description: 'Le nombre de sessions fermées, celle-ci comprise.' }),
  redirect: z.literal('/connexion'),
});
const tags = ['Compte usager'];

const accountOperation = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Consulter mon compte',
  description:
    'L’identité, l’adresse e-mail, les préférences de notification et les moyens de connexion du compte. Le compte est celui de l’intercommunalité : le même sur le portail de chaque commune membre.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    200: jsonResponse(accountViewSchema, 'Le compte de l’usager connecté.'),
    ...problemResponses('connexion-requise', 'compte-introuvable', 'commune-requise'),
  },
});

const preferencesOperation = createRoute({
  method: 'patch',
  path: '/preferences',
  tags,
  summary: 'Changer mes préférences de notification',
  description:
    'Seuls les champs envoyés changent. Le numéro est accepté dans les écritures françaises usuelles (`06 12 34 56 78`, `+33 6 12 34 56 78`…) et enregistré au format international ; une chaîne vide l’efface. Les SMS exigent un numéro.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { body: jsonBody(citizenInputs.preferencesInput, { notifyBySms: true, phone: '06 12 34 56 78' }) },
  responses: {
    200: jsonResponse(z.object({ preferences: notificationPreferencesSchema }), 'Les préférences enregistrées.'),
    ...problemResponses('validation', 'connexion-requise', 'compte-introuvable', 'commune-requise'),
  },
});

const passwordOperation = createRoute({
  method: 'put',
  path: '/mot-de-passe',
  tags,
  summary: 'Choisir ou changer mon mot de passe',
  description:
    'Un premier mot de passe sur un compte ouvert par FranceConnect, ou un nouveau (le mot de passe actuel est alors exigé dans `currentPassword`). Un changement ferme les autres sessions du compte, sur toutes les communes. Si l’adresse du compte n’a jamais été confirmée, un lien de confirmation part par e-mail.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: {
    body: jsonBody(citizenInputs.setPasswordInput, { currentPassword: 'ancien mot de passe', newPassword: 'cheval-agrafe-batterie-correct' }),
  },
  responses: {
    200: jsonResponse(passwordSetSchema, 'Le mot de passe est enregistré.'),
    ...problemResponses('validation', 'connexion-requise', 'adresse-requise', 'compte-introuvable', 'trop-de-tentatives', 'commune-requise'),
  },
});

const deletionByFranceConnectOperation = createRoute({
  method: 'post',
  path: '/suppression/franceconnect',
  tags,
  summary: 'Supprimer mon compte en me reconnectant avec FranceConnect',
  description:
    'Pour un compte relié à FranceConnect : commence un aller-retour vers FranceConnect qui demande de s’identifier à nouveau (`prompt=login`, même si une session FranceConnect est ouverte) ; le navigateur doit suivre `redirect`. Au retour (`GET /api/auth/franceconnect/callback`), si l’identité est bien celle du compte, le compte est supprimé comme par `POST /api/compte/suppression` et l’usager arrive sur `/compte-supprime` ; sinon rien n’est supprimé et `/mon-compte?erreur=` dit pourquoi (`identity_mismatch`, voir `GET /api/auth/erreurs/{code}`).',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    200: jsonResponse(redirectSchema, 'L’adresse de FranceConnect où envoyer le navigateur.'),
    ...problemResponses('connexion-requise', 'commune-requise'),
  },
});

const franceConnectOperation = createRoute({
  method: 'post',
  path: '/franceconnect',
  tags,
  summary: 'Relier mon compte à FranceConnect',
  description:
    'Commence l’aller-retour vers FranceConnect : le navigateur doit suivre `redirect`. Au retour (`GET /api/auth/franceconnect/callback`), l’identité FranceConnect est ajoutée à ce compte, la session est remplacée par une nouvelle (nouveau cookie) et l’usager revient sur `/mon-compte` ; un refus y est signalé par `?erreur=` (voir `GET /api/auth/erreurs/{code}`). Sans FranceConnect sur la plateforme, `redirect` mène à `/mon-compte?erreur=provider_unavailable`.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    200: jsonResponse(redirectSchema, 'L’adresse de FranceConnect où envoyer le navigateur.'),
    ...problemResponses('connexion-requise', 'franceconnect-provider-unavailable', 'commune-requise'),
  },
});

const signOutEverywhereOperation = createRoute({
  method: 'post',
  path: '/deconnexion-partout',
  tags,
  summary: 'Me déconnecter partout',
  description: 'Ferme toutes les sessions du compte, sur le portail de chaque commune de l’intercommunalité, celle-ci comprise.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    200: jsonResponse(signedOutEverywhereSchema, 'Les sessions sont fermées.'),
    ...problemResponses('connexion-requise', 'commune-requise'),
  },
});

const deletionCodeOperation = createRoute({
  method: 'post',
  path: '/suppression/code',
  tags,
  summary: 'Recevoir un code pour supprimer mon compte',
  description:
    'Envoie à l’adresse du compte un code à 6 chiffres, valable 15 minutes, qui confirme la suppression (`POST /api/compte/suppression` avec `{ "method": "code", "code": "…" }`) : pour un compte ouvert avec FranceConnect, sans mot de passe. Un nouveau code remplace le précédent. 3 envois par heure et par compte.',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    202: jsonResponse(z.object({ sent: z.literal(true) }), 'Le code est parti par e-mail.'),
    ...problemResponses('connexion-requise', 'adresse-requise', 'trop-de-tentatives', 'commune-requise'),
  },
});

const deletionOperation = createRoute({
  method: 'post',
  path: '/suppression',
  tags,
  summary: 'Supprimer mon compte',
  description: `Supprime le compte citoyen, après une nouvelle preuve qu’il est le vôtre : son mot de passe (\`{ "method": "password", "password": "…" }\`, pour une adresse confirmée) ou le code reçu par e-mail (\`{ "method": "code", "code": "123456" }\`, voir \`POST /api/compte/suppression/code\`).

En une seule transaction : les demandes du compte, dans chaque commune de l’intercommunalité, sont détachées du compte et conservées par les mairies le temps que la loi leur impose (elles gardent le contact de la demande) ; ses brouillons et les documents de son coffre-fort sont effacés ; toutes ses sessions sont fermées ; un e-mail confirme la suppression. Un mot de passe ou un code faux est refusé (401) et compté ; rien n’est alors modifié.`,
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  request: { body: jsonBody(citizenInputs.linkProofInput, { method: 'password', password: 'cheval-agrafe-batterie-correct' }) },
  responses: {
    200: jsonResponse(
      z.object({
        detachedRequests: z.int().nonnegative().meta({ description: 'Le nombre de demandes détachées du compte, que les mairies conservent.' }),
        redirect: z.literal('/'),
      }),
      'Le compte est supprimé, la session fermée.',
    ),
    ...problemResponses('validation', 'connexion-requise', 'preuve-incorrecte', 'code-requis', 'trop-de-tentatives', 'commune-requise'),
  },
});

const exportOperation = createRoute({
  method: 'post',
  path: '/export',
  tags,
  summary: 'Préparer l’archive de mes données',
  description: `« Télécharger mes données » : prépare une archive ZIP de tout ce que le compte détient dans chaque commune de l’intercommunalité — le compte, ses demandes avec leurs réponses, leur historique public et les messages échangés (jamais les notes internes des agents), leurs pièces jointes, et le coffre-fort —, en JSON (format \`guichet-export/1\`, décrit dans le fichier \`LISEZMOI.txt\` de l’archive et dans le README).

La préparation se fait en tâche de fond, commune par commune : suivez-la avec \`GET /api/compte/export\` (\`progress\`). L’archive reste téléchargeable 7 jours. Tant qu’une archive est en préparation ou téléchargeable, la demander à nouveau répond celle-ci.`,
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    202: jsonResponse(accountExportSchema, 'L’archive est en préparation (ou déjà prête).'),
    ...problemResponses('connexion-requise', 'commune-requise'),
  },
});

const exportStateOperation = createRoute({
  method: 'get',
  path: '/export',
  tags,
  summary: 'Suivre la préparation de l’archive de mes données',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    200: jsonResponse(z.object({ export: accountExportSchema.nullable() }), 'La dernière archive demandée, ou null.'),
    ...problemResponses('connexion-requise', 'commune-requise'),
  },
});

const exportDownloadOperation = createRoute({
  method: 'get',
  path: '/export/archive',
  tags,
  summary: 'Télécharger l’archive de mes données',
  middleware: [requireCommune, requireCitizen] as const,
  security: asCitizen,
  responses: {
    200: downloadResponse('L’archive ZIP de vos données.'),
    ...problemResponses('connexion-requise', 'demande-introuvable', 'commune-requise'),
  },
});

/**
 * The signed-in citizen's account: identity and ways in, notification preferences, password,
 * adding FranceConnect, signing out everywhere, downloading its data, deleting it. The account is the EPCI's: the same on every
 * member commune's portal.
 */
export function accountRoutes(deps: AppDependencies) {
  const { db } = deps;
  const { franceconnect } = deps.identity;

  return createRouter()
    .openapi(accountOperation, async (c) => {
      const accountId = c.var.session.accountId;
      const account = await c.var.inSite((tx) => getCitizenAccount({ tx, accountId }));
      return c.json({ ...account, franceconnectAvailable: franceconnect !== null }, 200);
    })
    .openapi(preferencesOperation, async (c) => {
      const accountId = c.var.session.accountId;
      const changes = c.req.valid('json');
      const preferences = await c.var.inSite((tx) => updateNotificationPreferences({ tx, accountId }, changes));
      return c.json({ preferences }, 200);
    })
    .openapi(passwordOperation, async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      const outcome = await setCitizenPassword(
        { db, portal: citizenPortal(c, deps), session: c.var.session, ip: c.var.clientIp },
        { currentPassword, newPassword },
      );
      return c.json(outcome, 200);
    })
    .openapi(franceConnectOperation, async (c) => {
      if (!franceconnect) return c.json({ redirect: '/mon-compte?erreur=provider_unavailable' }, 200);
      const redirect = await beginFranceConnect(c, deps, franceconnect, { returnTo: '/mon-compte', purpose: { purpose: 'link', accountId: c.var.session.accountId } });
      return c.json({ redirect }, 200);
    })
    .openapi(signOutEverywhereOperation, async (c) => {
      const revoked = await revokeCitizenSessions({ db, portal: citizenPortal(c, deps), accountId: c.var.session.accountId, ip: c.var.clientIp });
      clearCookie(c, SESSION_COOKIE);
      return c.json({ revoked, redirect: '/connexion' as const }, 200);
    })
    .openapi(exportOperation, async (c) => {
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const requested = await c.var.inSite((tx) => requestAccountExport({ tx, jobs: deps.jobs, epciId: c.var.site.epci.id, actor }));
      return c.json(requested, 202);
    })
    .openapi(exportStateOperation, async (c) => {
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const latest = await c.var.inSite((tx) => latestAccountExport({ tx, actor }));
      return c.json({ export: latest }, 200);
    })
    .openapi(exportDownloadOperation, async (c) => {
      const actor = { kind: 'citizen' as const, accountId: c.var.session.accountId };
      const file = await c.var.inSite((tx) => openAccountExport({ tx, storage: deps.storage, actor }));
      return fileResponse(c, file);
    })
    .openapi(deletionCodeOperation, async (c) => {
      await sendDeletionCode({ db, portal: citizenPortal(c, deps), session: c.var.session, ip: c.var.clientIp });
      return c.json({ sent: true as const }, 202);
    })
    .openapi(deletionOperation, async (c) => {
      const outcome = await deleteSignedInAccount(c, deps, c.req.valid('json'));
      return c.json({ detachedRequests: outcome.detachedRequests, redirect: '/' as const }, 200);
    })
    .openapi(deletionByFranceConnectOperation, async (c) => {
      if (!franceconnect) return c.json({ redirect: '/mon-compte?erreur=provider_unavailable' }, 200);
      const redirect = await beginFranceConnect(c, deps, franceconnect, {
        returnTo: '/compte-supprime',
        purpose: { purpose: 'delete-account', accountId: c.var.session.accountId },
      });
      return c.json({ redirect }, 200);
    });
}
