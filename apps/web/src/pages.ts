/**
 * Every page of the web app, by URL pattern (@solidjs/router's syntax: static segments and
 * `:parameter`s). The router declares its routes with these, and the build writes them to
 * `dist/routes.json`: the server, which must not import the web app, answers any other path
 * with 404 and the "Page introuvable" page. A page is added here, then routed.
 */
export const pagePaths = {
  home: '/',
  catalogue: '/demarches',
  procedure: '/demarches/:slug',
  filing: '/demarches/:slug/demande',
  myRequests: '/mes-demandes',
  request: '/mes-demandes/:id',
  vault: '/coffre-fort',
  followUpLinks: '/suivi',
  followUp: '/suivi/:token',
  signIn: '/connexion',
  signUp: '/inscription',
  verifyEmail: '/verifier-email',
  forgotPassword: '/mot-de-passe-oublie',
  resetPassword: '/reinitialiser-mot-de-passe',
  confirmLink: '/confirmer-liaison',
  account: '/mon-compte',
  accountDeleted: '/compte-supprime',
  terms: '/conditions-utilisation',
  accessibilityStatement: '/accessibilite',
  legalNotice: '/mentions-legales',
  privacyNotice: '/donnees-personnelles',
  qualityReport: '/qualite',
  devMailbox: '/dev/courriels',
  agentHome: '/agent',
  agentSignIn: '/agent/connexion',
  agentInbox: '/agent/demandes',
  agentIntake: '/agent/demandes/nouvelle',
  agentRequest: '/agent/demandes/:id',
  agentMap: '/agent/carte',
  agentStatistics: '/agent/statistiques',
  agentActivation: '/agent/activer',
  administration: '/agent/administration',
  agentsAdministration: '/agent/administration/agents',
  auditJournal: '/agent/administration/journal',
  presentationAdministration: '/agent/administration/commune',
  servicesAdministration: '/agent/administration/services',
  templatesAdministration: '/agent/administration/modeles',
  open311KeysAdministration: '/agent/administration/open311',
  calendarAdministration: '/agent/administration/calendrier',
  catalogueAdministration: '/agent/administration/demarches',
  procedureAdministration: '/agent/administration/demarches/:slug',
  formBuilder: '/agent/administration/demarches/:slug/formulaire',
  consoleAgents: '/console',
  consoleSignIn: '/console/connexion',
  consoleStatistics: '/console/statistiques',
  consoleCommunes: '/console/communes',
  consoleTemplates: '/console/modeles',
  consoleTemplate: '/console/modeles/:slug',
  consoleTemplateForm: '/console/modeles/:slug/formulaire',
} as const;

/**
 * Pages one of whose parameters names a procedure of the commune: the server also answers 404
 * when the commune publishes no procedure by that name, so that a mistyped or withdrawn
 * démarche is not a page.
 */
export const procedureParameters: Readonly<Record<string, string>> = {
  [pagePaths.procedure]: 'slug',
  [pagePaths.filing]: 'slug',
};

/**
 * The hosts a page exists on: a commune's portal, the EPCI's console, or both. Unlisted pages
 * are a commune portal's; on the other host the server answers them with 404.
 */
export const pageSites: Readonly<Record<string, readonly ('commune' | 'epci')[]>> = {
  [pagePaths.home]: ['commune', 'epci'],
  [pagePaths.devMailbox]: ['commune', 'epci'],
  [pagePaths.qualityReport]: ['commune', 'epci'],
  [pagePaths.consoleAgents]: ['epci'],
  [pagePaths.consoleSignIn]: ['epci'],
  [pagePaths.consoleStatistics]: ['epci'],
  [pagePaths.consoleCommunes]: ['epci'],
  [pagePaths.consoleTemplates]: ['epci'],
  [pagePaths.consoleTemplate]: ['epci'],
  [pagePaths.consoleTemplateForm]: ['epci'],
};
