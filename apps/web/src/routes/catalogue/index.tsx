import { Route } from '@solidjs/router';
import { CataloguePage } from './catalogue-page.tsx';
import { ProcedurePage } from './procedure-page.tsx';

/** The portal's "Démarches en ligne": the catalogue, and one page per procedure. */
export function CatalogueRoutes() {
  return (
    <>
      <Route path="/demarches" component={CataloguePage} />
      <Route path="/demarches/:slug" component={ProcedurePage} />
    </>
  );
}
