import { Route, Router } from '@solidjs/router';
import { lazy, Match, Switch } from 'solid-js';
import { render } from 'solid-js/web';
import { AgentRoutes } from './routes/agent/index.tsx';
import { CatalogueRoutes } from './routes/catalogue/index.tsx';
import { CitizenRoutes } from './routes/citizen/index.tsx';
import { ConsoleRoutes } from './routes/console/index.tsx';
import { RequestRoutes } from './routes/requests/index.tsx';
import { pagePaths } from './pages.ts';
import { SiteProvider, useSite } from './site-context.tsx';
import './styles.css';

// Every page is its own chunk, loaded on first visit: the citizen's home does not carry the
// console's, nor any other page's, code (the build checks its weight, see vite.config.ts).
const CommuneHome = lazy(() => import('./routes/commune-home.tsx').then((module) => ({ default: module.CommuneHome })));
const EpciConsole = lazy(() => import('./routes/epci-console.tsx').then((module) => ({ default: module.EpciConsole })));
const PageNotFound = lazy(() => import('./routes/page-not-found.tsx').then((module) => ({ default: module.PageNotFound })));

function Home() {
  const site = useSite();
  return (
    <Switch>
      <Match when={site().kind === 'commune' && site()} keyed>
        {(current) => current.kind === 'commune' && <CommuneHome commune={current.commune} />}
      </Match>
      <Match when={site().kind === 'epci' && site()} keyed>
        {(current) => current.kind === 'epci' && <EpciConsole epci={current.epci} />}
      </Match>
    </Switch>
  );
}

render(
  () => (
    <Router root={(props) => <SiteProvider>{props.children}</SiteProvider>}>
      <Route path={pagePaths.home} component={Home} />
      <CitizenRoutes />
      <CatalogueRoutes />
      <RequestRoutes />
      <AgentRoutes />
      <ConsoleRoutes />
      <Route path="*" component={PageNotFound} />
    </Router>
  ),
  document.getElementById('app')!,
);
