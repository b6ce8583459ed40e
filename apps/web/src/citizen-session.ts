import { createResource, createRoot, type Resource } from 'solid-js';
import { api } from './api.ts';

type CitizenSession = { signedIn: boolean; franceconnect: boolean };

let shared: { session: Resource<CitizenSession>; refresh: () => void } | undefined;

/**
 * Whether a citizen is signed in on this portal, shared by the header and the pages, and
 * refreshed after a sign-in or sign-out. Created on first use: EPCI consoles never ask.
 */
export function useCitizenSession() {
  shared ??= createRoot(() => {
    const [session, { refetch }] = createResource(async (): Promise<CitizenSession> => {
      const response = await api.auth.session.$get();
      return response.ok ? response.json() : { signedIn: false, franceconnect: false };
    });
    return { session, refresh: () => void refetch() };
  });
  return shared;
}

/**
 * Ends the citizen's session and answers where to go next: the home page, or FranceConnect's
 * end-session page for a session FranceConnect opened (a full navigation).
 */
export async function signOutCitizen(everywhere = false): Promise<string> {
  const response = everywhere ? await api.compte['deconnexion-partout'].$post() : await api.auth.deconnexion.$post();
  useCitizenSession().refresh();
  return response.ok ? (await response.json()).redirect : '/';
}
