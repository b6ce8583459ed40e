import { hc } from 'hono/client';
import type { InferResponseType } from 'hono/client';
import type { Api } from '@guichet/server/api';

/** Typed client of the server's API: a renamed field breaks this build, not production. */
export const api = hc<Api>('/api');

export type CommuneProfile = InferResponseType<typeof api.commune.$get, 200>;
export type EpciProfile = InferResponseType<typeof api.epci.$get, 200>;

/** The portal works for the commune its Host designates; the console for its EPCI. */
export type Site = { kind: 'commune'; commune: CommuneProfile } | { kind: 'epci'; epci: EpciProfile } | { kind: 'unknown' };

export async function loadSite(): Promise<Site> {
  const commune = await api.commune.$get();
  if (commune.ok) return { kind: 'commune', commune: await commune.json() };
  const epci = await api.epci.$get();
  if (epci.ok) return { kind: 'epci', epci: await epci.json() };
  return { kind: 'unknown' };
}

// The back office and the EPCI console (agents and EPCI staff).
export type AgentMe = InferResponseType<typeof api.agent.auth.moi.$get, 200>;
export type StaffSignInNext = InferResponseType<typeof api.agent.auth.connexion.$post, 200>;
export type AgentInvitationView = InferResponseType<typeof api.agent.auth.invitation.$post, 200>;
export type AdministeredAgents = InferResponseType<typeof api.agent.administration.agents.$get, 200>;
export type AuditJournalPage = InferResponseType<typeof api.agent.administration.journal.$get, 200>;
export type CommuneIndicators = InferResponseType<typeof api.agent.statistiques.$get, 200>;
export type QualityReport = InferResponseType<typeof api.qualite.$get, 200>['reports'][number];
export type ConsoleMe = InferResponseType<typeof api.console.auth.moi.$get, 200>;
export type EpciStatistics = InferResponseType<typeof api.console.statistiques.$get, 200>;
export type ConsoleHealth = InferResponseType<typeof api.console.sante.$get, 200>;
export type ConsoleMemberCommunes = InferResponseType<typeof api.console.communes.$get, 200>;
export type ConsoleTemplate = InferResponseType<(typeof api.console.modeles)[':slug']['$get'], 200>;
export type ConsoleCommuneAgents = InferResponseType<typeof api.console.communes.agents.$get, 200>;

// Filing a request: the procedure with its form, and what the portal answers once it is filed.
export type Procedure = InferResponseType<(typeof api.catalogue)[':slug']['$get'], 200>;
export type FiledRequest = InferResponseType<typeof api.demandes.$post, 201>;

// The citizen's account and the development mailbox.
export type CitizenAccount = InferResponseType<typeof api.compte.$get, 200>;
export type CapturedMail = InferResponseType<typeof api.dev.courriels.$get, 200>['messages'][number];

// Following requests: the citizen's list, one request, its files.
export type CitizenRequestSummary = InferResponseType<typeof api.demandes.$get, 200>['requests'][number];
export type RequestDetail = InferResponseType<(typeof api.demandes)[':id']['$get'], 200>;
export type RequestFile = InferResponseType<(typeof api.demandes)[':id']['pieces-jointes']['$get'], 200>['attachments'][number];

// The coffre-fort: the citizen's documents, on every portal of the EPCI.
export type VaultDocument = InferResponseType<(typeof api)['coffre-fort']['$get'], 200>['documents'][number];
export type Draft = InferResponseType<typeof api.brouillons.$get, 200>['drafts'][number];
export type AccountExport = NonNullable<InferResponseType<typeof api.compte.export.$get, 200>['export']>;

// The agents' inbox.
export type InboxPage = InferResponseType<typeof api.agent.demandes.$get, 200>;
export type InboxLine = InboxPage['requests'][number];
export type RequestsMap = InferResponseType<typeof api.agent.demandes.carte.$get, 200>;
export type CommunePresentation = InferResponseType<typeof api.agent.administration.commune.$get, 200>;
export type CommuneCalendar = InferResponseType<typeof api.agent.administration.calendrier.$get, 200>;
export type AgentRequestDetail = InferResponseType<(typeof api.agent.demandes)[':id']['$get'], 200>;
export type AgentContact = InferResponseType<typeof api.agent.contacts.$get, 200>['contacts'][number];
