import { Route } from '@solidjs/router';
import { lazy } from 'solid-js';
import { pagePaths } from '../../pages.ts';

// Each page its own chunk, loaded on first visit.
const MyRequests = lazy(() => import('./my-requests.tsx').then((module) => ({ default: module.MyRequests })));
const RequestPage = lazy(() => import('./request-page.tsx').then((module) => ({ default: module.RequestPage })));
const FollowUpPage = lazy(() => import('./follow-up-page.tsx').then((module) => ({ default: module.FollowUpPage })));
const FollowUpLinks = lazy(() => import('./follow-up-links.tsx').then((module) => ({ default: module.FollowUpLinks })));

/** Following requests: the signed-in citizen's, and those filed without an account through their link. */
export function RequestRoutes() {
  return (
    <>
      <Route path={pagePaths.myRequests} component={MyRequests} />
      <Route path={pagePaths.request} component={RequestPage} />
      <Route path={pagePaths.followUpLinks} component={FollowUpLinks} />
      <Route path={pagePaths.followUp} component={FollowUpPage} />
    </>
  );
}
