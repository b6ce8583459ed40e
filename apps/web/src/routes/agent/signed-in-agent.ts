import { useNavigate } from '@solidjs/router';
import { createResource } from 'solid-js';
import { api, type AgentMe } from '../../api.ts';

/** The signed-in agent; a page without one goes to the sign-in page. */
export function useSignedInAgent() {
  const navigate = useNavigate();
  const [agent] = createResource(async () => {
    const response = await api.agent.auth.moi.$get();
    if (!response.ok) {
      navigate('/agent/connexion', { replace: true });
      return undefined;
    }
    return (await response.json()) as AgentMe;
  });
  return agent;
}
