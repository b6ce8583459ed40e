import { Route } from '@solidjs/router';
import { AgentActivation } from './activate.tsx';
import { AgentsAdministration } from './agents-admin.tsx';
import { AgentHome } from './home.tsx';
import { AuditJournal } from './journal.tsx';
import { AgentSignIn } from './sign-in.tsx';

/** The back office's pages (agent sign-in, administration…). */
export function AgentRoutes() {
  return (
    <>
      <Route path="/agent" component={AgentHome} />
      <Route path="/agent/connexion" component={AgentSignIn} />
      <Route path="/agent/activer" component={AgentActivation} />
      <Route path="/agent/administration/agents" component={AgentsAdministration} />
      <Route path="/agent/administration/journal" component={AuditJournal} />
    </>
  );
}
