import { Route } from '@solidjs/router';
import { lazy } from 'solid-js';
import { pagePaths } from '../../pages.ts';

// Each page its own chunk, loaded on first visit (see the build's budget in vite.config.ts).
const CataloguePage = lazy(() => import('./catalogue-page.tsx').then((module) => ({ default: module.CataloguePage })));
const ProcedurePage = lazy(() => import('./procedure-page.tsx').then((module) => ({ default: module.ProcedurePage })));
const FileRequest = lazy(() => import('../filing/file-request.tsx').then((module) => ({ default: module.FileRequest })));

/** The portal's "Démarches en ligne": the catalogue, and one page per procedure. */
export function CatalogueRoutes() {
  return (
    <>
      <Route path={pagePaths.catalogue} component={CataloguePage} />
      <Route path={pagePaths.procedure} component={ProcedurePage} />
      <Route path={pagePaths.filing} component={FileRequest} />
    </>
  );
}
