import { Route, Router } from '@solidjs/router';
import { Match, Switch } from 'solid-js';
import { render } from 'solid-js/web';
import { AgentRoutes } from './routes/agent/index.tsx';
import { CatalogueRoutes } from './routes/catalogue/index.tsx';
import { CitizenRoutes } from './routes/citizen/index.tsx';
import { CommuneHome } from './routes/commune-home.tsx';
import { ConsoleRoutes } from './routes/console/index.tsx';
import { EpciConsole } from './routes/epci-console.tsx';
import { SiteProvider, useSite } from './site-context.tsx';
import './styles.css';

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
      <Route path="/" component={Home} />
      <CitizenRoutes />
      <CatalogueRoutes />
      <AgentRoutes />
      <ConsoleRoutes />
      <Route path="*" component={Home} />
    </Router>
  ),
  document.getElementById('app')!,
);
