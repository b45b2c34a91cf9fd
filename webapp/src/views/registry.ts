// Every view: the route's view name (routes.ts), the Alpine.data component name its template's root uses, the
// component factory, and the template. Nested components (dialogs with their own state) are listed with html ''.
import { clusterCreate } from './cluster-create';
import { clustersView } from './clusters';
import clustersHtml from './clusters.html?raw';
import { dashboardView } from './dashboard';
import dashboardHtml from './dashboard.html?raw';
import { placeholderView } from './placeholder';
import placeholderHtml from './placeholder.html?raw';

export type ViewDef = { view: string; component: string; factory: (...args: never[]) => object; html: string };

export const VIEWS: ViewDef[] = [
  { view: 'dashboard', component: 'dashboardView', factory: dashboardView, html: dashboardHtml },
  { view: 'clusters', component: 'clustersView', factory: clustersView, html: clustersHtml },
  { view: '', component: 'clusterCreate', factory: clusterCreate, html: '' },
  { view: 'cluster-section', component: 'placeholderView', factory: placeholderView, html: placeholderHtml },
  { view: 'alerts', component: 'placeholderView', factory: placeholderView, html: placeholderHtml },
  { view: 'not-found', component: 'placeholderView', factory: placeholderView, html: placeholderHtml },
];
