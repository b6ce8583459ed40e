import { Route, Router } from '@solidjs/router';
import { createResource, Match, Switch } from 'solid-js';
import { render } from 'solid-js/web';
import { loadSite } from './api.ts';
import { CommuneHome } from './routes/commune-home.tsx';
import { EpciConsole } from './routes/epci-console.tsx';
import { UnknownSite } from './routes/unknown-site.tsx';
import './styles.css';

function Home() {
  const [site] = createResource(loadSite);
  return (
    <Switch fallback={<p class="wrap" role="status">Chargement…</p>}>
      <Match when={site()?.kind === 'commune' && site()} keyed>
        {(current) => current.kind === 'commune' && <CommuneHome commune={current.commune} />}
      </Match>
      <Match when={site()?.kind === 'epci' && site()} keyed>
        {(current) => current.kind === 'epci' && <EpciConsole epci={current.epci} />}
      </Match>
      <Match when={site()?.kind === 'unknown'}>
        <UnknownSite />
      </Match>
    </Switch>
  );
}

render(
  () => (
    <Router>
      <Route path="/" component={Home} />
      <Route path="*" component={Home} />
    </Router>
  ),
  document.getElementById('app')!,
);
