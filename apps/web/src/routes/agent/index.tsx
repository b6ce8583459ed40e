/** The back office's pages (agent sign-in, administration…). */
export function AgentRoutes() {
  return <></>;
}
