/** The citizen's pages of a commune portal (sign-in, sign-up, account…). */
export function CitizenRoutes() {
  return <></>;
}
