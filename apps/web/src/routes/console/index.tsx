import { Route } from '@solidjs/router';
import { lazy } from 'solid-js';
import { pagePaths } from '../../pages.ts';

// Each page its own chunk, loaded on first visit: a citizen never downloads the console.
const ConsoleAgents = lazy(() => import('./agents.tsx').then((module) => ({ default: module.ConsoleAgents })));
const ConsoleCommunes = lazy(() => import('./communes.tsx').then((module) => ({ default: module.ConsoleCommunes })));
const ConsoleStatistics = lazy(() => import('./statistics.tsx').then((module) => ({ default: module.ConsoleStatistics })));
const ConsoleTemplates = lazy(() => import('./templates.tsx').then((module) => ({ default: module.ConsoleTemplates })));
const ConsoleTemplatePage = lazy(() => import('./templates.tsx').then((module) => ({ default: module.ConsoleTemplatePage })));
const ConsoleTemplateFormPage = lazy(() => import('./templates.tsx').then((module) => ({ default: module.ConsoleTemplateFormPage })));
const ConsoleSignIn = lazy(() => import('./sign-in.tsx').then((module) => ({ default: module.ConsoleSignIn })));

/** The EPCI console's staff pages. */
export function ConsoleRoutes() {
  return (
    <>
      <Route path={pagePaths.consoleAgents} component={ConsoleAgents} />
      <Route path={pagePaths.consoleSignIn} component={ConsoleSignIn} />
      <Route path={pagePaths.consoleStatistics} component={ConsoleStatistics} />
      <Route path={pagePaths.consoleCommunes} component={ConsoleCommunes} />
      <Route path={pagePaths.consoleTemplates} component={ConsoleTemplates} />
      <Route path={pagePaths.consoleTemplate} component={ConsoleTemplatePage} />
      <Route path={pagePaths.consoleTemplateForm} component={ConsoleTemplateFormPage} />
    </>
  );
}
