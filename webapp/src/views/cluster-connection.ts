// Connect (#/clusters/:id/connection, CP_USER and above): how people reach the cluster over SQL — per region the
// address (its load balancer, else its first node), the admin SQL user, the cluster CA (copy, or download through
// GET …/connection/ca.crt), ready `cockroach sql` and `psql` commands (they ask for the password), and "Reset
// password": a confirmation, then the new password from POST …/connection/password shown ONCE. Errors of the reset
// stay in its dialog (a toast would sit under the modal backdrop). 409 (no admin user), 403 and 404 replace the page
// with the server's message.
import { api, ApiError, type ApiResponse } from '../api';
import { copyText } from '../lib/dialogs';
import { refreshable } from '../lib/refresh';
import { router, viewBase } from '../lib/view';

/** As the OpenAPI document types them (src/api/clusters/cluster-live.schemas.ts). */
export type ClusterConnection = ApiResponse<'/api/clusters/{cluster_id}/connection', 'get'>;
export type ConnectionRegion = ClusterConnection['regions'][number];
type RotatedPassword = ApiResponse<'/api/clusters/{cluster_id}/connection/password', 'post'>;

export const clusterConnectionView = () => ({
  ...viewBase(),
  ...refreshable('cluster-connection', 0),
  id: router().params.cluster_id ?? '',
  conn: null as ClusterConnection | null,
  /** The server's reason why there is nothing to show (409 no admin user, 403, 404). */
  blocked: '',
  resetError: '',
  password: '',
  /** Outcome of the dialog's Copy button: '', 'copied' or 'failed'. */
  copyState: '',

  destroy() {
    this.stopAuto();
    this.password = '';
  },
  async load() {
    try {
      this.conn = await api.GET('/api/clusters/{cluster_id}/connection', { path: { cluster_id: this.id }, quiet: true });
      this.blocked = '';
    } catch (err) {
      if (err instanceof ApiError && [403, 404, 409].includes(err.status)) {
        this.conn = null;
        this.blocked = err.message;
        return;
      }
      throw err;
    }
  },
  get caHref(): string {
    return `/api/clusters/${encodeURIComponent(this.id)}/connection/ca.crt`;
  },
  regionLabel(r: ConnectionRegion): string {
    return `${r.cloud}:${r.region}`;
  },
  viaLabel(r: ConnectionRegion): string {
    return r.via === 'load_balancer' ? 'load balancer' : 'node (the region has no load balancer)';
  },
  askReset() {
    this.resetError = '';
    this.open('resetDialog');
  },
  async reset() {
    if (this.acting) return;
    this.acting = true;
    this.resetError = '';
    try {
      const r: RotatedPassword = await api.POST('/api/clusters/{cluster_id}/connection/password', { path: { cluster_id: this.id }, quiet: true });
      this.password = r.password;
      this.copyState = '';
      this.close('resetDialog');
      this.open('passwordDialog');
    } catch (err) {
      this.resetError = err instanceof ApiError && err.requestId ? `${err.message} (request id ${err.requestId})` : String((err as Error).message ?? err);
    } finally {
      this.acting = false;
    }
  },
  async copyPassword() {
    // Feedback inside the dialog: a toast would be under the modal's backdrop.
    this.copyState = (await copyText(this.password)) ? 'copied' : 'failed';
  },
  forgetPassword() {
    this.password = '';
    this.copyState = '';
    this.close('passwordDialog');
  },
});
