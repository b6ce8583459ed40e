import { useNavigate } from '@solidjs/router';
import { createResource } from 'solid-js';
import { api, type ConsoleMe } from '../../api.ts';

/** The console's signed-in staff member; without one, the page goes to the console's sign-in. */
export function useConsoleStaff() {
  const navigate = useNavigate();
  const [me] = createResource(async () => {
    const response = await api.console.auth.moi.$get();
    if (!response.ok) {
      navigate('/console/connexion', { replace: true });
      return undefined;
    }
    return (await response.json()) as ConsoleMe;
  });
  return me;
}
