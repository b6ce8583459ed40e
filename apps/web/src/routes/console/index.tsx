import { Route } from '@solidjs/router';
import { ConsoleAgents } from './agents.tsx';
import { ConsoleSignIn } from './sign-in.tsx';

/** The EPCI console's staff pages. */
export function ConsoleRoutes() {
  return (
    <>
      <Route path="/console" component={ConsoleAgents} />
      <Route path="/console/connexion" component={ConsoleSignIn} />
    </>
  );
}
