import { Route } from '@solidjs/router';
import { lazy } from 'solid-js';
import { pagePaths } from '../../pages.ts';

// Each page its own chunk, loaded on first visit: a citizen never downloads the back office.
const AgentHome = lazy(() => import('./home.tsx').then((module) => ({ default: module.AgentHome })));
const Inbox = lazy(() => import('./requests/inbox.tsx').then((module) => ({ default: module.Inbox })));
const RequestDesk = lazy(() => import('./requests/request-desk.tsx').then((module) => ({ default: module.RequestDesk })));
const RequestsMapPage = lazy(() => import('./map/requests-map-page.tsx').then((module) => ({ default: module.RequestsMapPage })));
const RequestIntake = lazy(() => import('./requests/request-intake.tsx').then((module) => ({ default: module.RequestIntake })));
const AgentSignIn = lazy(() => import('./sign-in.tsx').then((module) => ({ default: module.AgentSignIn })));
const AgentActivation = lazy(() => import('./activate.tsx').then((module) => ({ default: module.AgentActivation })));
const AgentsAdministration = lazy(() => import('./agents-admin.tsx').then((module) => ({ default: module.AgentsAdministration })));
const PresentationAdministration = lazy(() => import('./presentation-admin.tsx').then((module) => ({ default: module.PresentationAdministration })));
const ServicesAdministration = lazy(() => import('./services-admin.tsx').then((module) => ({ default: module.ServicesAdministration })));
const TemplatesAdministration = lazy(() => import('./templates-admin.tsx').then((module) => ({ default: module.TemplatesAdministration })));
const Open311KeysAdministration = lazy(() => import('./open311-keys-admin.tsx').then((module) => ({ default: module.Open311KeysAdministration })));
const Administration = lazy(() => import('./administration.tsx').then((module) => ({ default: module.Administration })));
const CalendarAdministration = lazy(() => import('./calendar-admin.tsx').then((module) => ({ default: module.CalendarAdministration })));
const CatalogueAdministration = lazy(() => import('./catalogue/catalogue-admin.tsx').then((module) => ({ default: module.CatalogueAdministration })));
const ProcedureAdministration = lazy(() => import('./catalogue/procedure-admin.tsx').then((module) => ({ default: module.ProcedureAdministration })));
const FormBuilderPage = lazy(() => import('./catalogue/form-builder.tsx').then((module) => ({ default: module.FormBuilderPage })));
const Statistics = lazy(() => import('./statistics.tsx').then((module) => ({ default: module.Statistics })));
const AuditJournal = lazy(() => import('./journal.tsx').then((module) => ({ default: module.AuditJournal })));

/** The back office's pages (agent sign-in, administration…). */
export function AgentRoutes() {
  return (
    <>
      <Route path={pagePaths.agentHome} component={AgentHome} />
      <Route path={pagePaths.agentInbox} component={Inbox} />
      <Route path={pagePaths.agentIntake} component={RequestIntake} />
      <Route path={pagePaths.agentRequest} component={RequestDesk} />
      <Route path={pagePaths.agentMap} component={RequestsMapPage} />
      <Route path={pagePaths.agentStatistics} component={Statistics} />
      <Route path={pagePaths.agentSignIn} component={AgentSignIn} />
      <Route path={pagePaths.agentActivation} component={AgentActivation} />
      <Route path={pagePaths.administration} component={Administration} />
      <Route path={pagePaths.agentsAdministration} component={AgentsAdministration} />
      <Route path={pagePaths.auditJournal} component={AuditJournal} />
      <Route path={pagePaths.presentationAdministration} component={PresentationAdministration} />
      <Route path={pagePaths.servicesAdministration} component={ServicesAdministration} />
      <Route path={pagePaths.templatesAdministration} component={TemplatesAdministration} />
      <Route path={pagePaths.open311KeysAdministration} component={Open311KeysAdministration} />
      <Route path={pagePaths.calendarAdministration} component={CalendarAdministration} />
      <Route path={pagePaths.catalogueAdministration} component={CatalogueAdministration} />
      <Route path={pagePaths.procedureAdministration} component={ProcedureAdministration} />
      <Route path={pagePaths.formBuilder} component={FormBuilderPage} />
    </>
  );
}
