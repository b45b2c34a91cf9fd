// The page for routes that exist in the navigation model but whose API has not shipped yet (alerts, cluster
// backups, recovery, metrics), and for unknown routes.
import { router } from '../lib/view';

export const placeholderView = () => {
  const r = router();
  const cluster = r.params.cluster_id;
  const known = r.view !== 'not-found';
  return {
    title: known ? (cluster ? `${cluster} · ${r.params.section ?? ''}` : r.title) : 'Page not found',
    heading: known ? 'Not available yet' : 'There is no such page',
    text: known
      ? 'This part of the console arrives together with its API.'
      : `Nothing lives at ${r.params.path ?? 'this address'}.`,
    backHash: cluster ? `#/clusters/${cluster}` : '#/dashboard',
    backLabel: cluster ? 'Back to the cluster' : 'Back to the dashboard',
  };
};
