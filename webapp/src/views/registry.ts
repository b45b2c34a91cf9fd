// Every view: the route's view name (routes.ts), the Alpine.data component name its template's root uses, the
// component factory, and the template. Nested components (dialogs with their own state) are listed with html ''.
import { accessDrift } from './access-drift';
import { adminView } from './admin';
import adminHtml from './admin.html?raw';
import { apiKeysView } from './api-keys';
import apiKeysHtml from './api-keys.html?raw';
import { clusterConnectionView } from './cluster-connection';
import clusterConnectionHtml from './cluster-connection.html?raw';
import { clusterCreate } from './cluster-create';
import { clusterDatabasesView } from './cluster-databases';
import clusterDatabasesHtml from './cluster-databases.html?raw';
import { clusterDetailView } from './cluster-detail';
import clusterDetailHtml from './cluster-detail.html?raw';
import { clusterLive } from './cluster-live';
import { clusterRolesView } from './cluster-roles';
import clusterRolesHtml from './cluster-roles.html?raw';
import { clusterScale } from './cluster-scale';
import { clusterUpgrade } from './cluster-upgrade';
import { clusterUsersView } from './cluster-users';
import clusterUsersHtml from './cluster-users.html?raw';
import { clustersView } from './clusters';
import clustersHtml from './clusters.html?raw';
import { dashboardView } from './dashboard';
import dashboardHtml from './dashboard.html?raw';
import { eventsView } from './events';
import eventsHtml from './events.html?raw';
import { jobDetailView } from './job-detail';
import jobDetailHtml from './job-detail.html?raw';
import { jobsView } from './jobs';
import jobsHtml from './jobs.html?raw';
import { optionListView } from './option-list';
import optionListHtml from './option-list.html?raw';
import { placeholderView } from './placeholder';
import placeholderHtml from './placeholder.html?raw';
import { playbooksView } from './playbooks';
import playbooksHtml from './playbooks.html?raw';
import { regionsView } from './regions';
import regionsHtml from './regions.html?raw';
import { roleTemplatesView } from './role-templates';
import roleTemplatesHtml from './role-templates.html?raw';
import { settingsView } from './settings';
import settingsHtml from './settings.html?raw';

export type ViewDef = { view: string; component: string; factory: () => object; html: string };

export const VIEWS: ViewDef[] = [
  { view: 'dashboard', component: 'dashboardView', factory: dashboardView, html: dashboardHtml },
  { view: 'clusters', component: 'clustersView', factory: clustersView, html: clustersHtml },
  { view: '', component: 'clusterCreate', factory: clusterCreate, html: '' },
  { view: 'cluster', component: 'clusterDetailView', factory: clusterDetailView, html: clusterDetailHtml },
  { view: '', component: 'clusterScale', factory: clusterScale, html: '' },
  { view: '', component: 'clusterUpgrade', factory: clusterUpgrade, html: '' },
  { view: '', component: 'clusterLive', factory: clusterLive, html: '' },
  { view: 'cluster-connection', component: 'clusterConnectionView', factory: clusterConnectionView, html: clusterConnectionHtml },
  { view: 'cluster-databases', component: 'clusterDatabasesView', factory: clusterDatabasesView, html: clusterDatabasesHtml },
  { view: '', component: 'accessDrift', factory: accessDrift, html: '' },
  { view: 'cluster-users', component: 'clusterUsersView', factory: clusterUsersView, html: clusterUsersHtml },
  { view: 'cluster-roles', component: 'clusterRolesView', factory: clusterRolesView, html: clusterRolesHtml },
  { view: 'jobs', component: 'jobsView', factory: jobsView, html: jobsHtml },
  { view: 'job', component: 'jobDetailView', factory: jobDetailView, html: jobDetailHtml },
  { view: 'events', component: 'eventsView', factory: eventsView, html: eventsHtml },
  { view: 'admin', component: 'adminView', factory: adminView, html: adminHtml },
  { view: 'settings', component: 'settingsView', factory: settingsView, html: settingsHtml },
  { view: 'api-keys', component: 'apiKeysView', factory: apiKeysView, html: apiKeysHtml },
  { view: 'option-list', component: 'optionListView', factory: optionListView, html: optionListHtml },
  { view: 'regions', component: 'regionsView', factory: regionsView, html: regionsHtml },
  { view: 'role-templates', component: 'roleTemplatesView', factory: roleTemplatesView, html: roleTemplatesHtml },
  { view: 'playbooks', component: 'playbooksView', factory: playbooksView, html: playbooksHtml },
  { view: 'cluster-section', component: 'placeholderView', factory: placeholderView, html: placeholderHtml },
  { view: 'alerts', component: 'placeholderView', factory: placeholderView, html: placeholderHtml },
  { view: 'not-found', component: 'placeholderView', factory: placeholderView, html: placeholderHtml },
];
