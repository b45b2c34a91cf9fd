// Entry point: registers the stores (session, router, toasts), the template helpers ($utc, $age…), the shell and one
// component per view, mounts every view template behind an x-if on the current route, starts Alpine, then loads the
// session and starts the router. Uses the CSP build of Alpine: no eval, no inline script.
import Alpine from '@alpinejs/csp';
import './styles/base.css';
import './styles/components.css';
import { configureApi } from './api';
import { installFocusTrap } from './lib/dialogs';
import { actionClass, age, bytes, duration, json, msBetween, statusClass, utc, when } from './lib/format';
import type { Route } from './routes';
import { shell } from './shell';
import { createRouterStore } from './stores/router';
import { createSessionStore, type SessionStore } from './stores/session';
import { createToastStore, type ToastStore } from './stores/toasts';
import { VIEWS } from './views/registry';

Alpine.store('toasts', createToastStore());
Alpine.store('session', createSessionStore());
const toasts = Alpine.store('toasts') as ToastStore;
const session = Alpine.store('session') as SessionStore;

const adminGuard = (r: Route & { admin: boolean }): string | undefined => {
  if (r.admin && !session.isAdmin) {
    toasts.error(`${r.title} is available only to admin users.`);
    return '#/dashboard';
  }
  return undefined;
};
Alpine.store('router', createRouterStore(adminGuard));

configureApi({
  csrfToken: () => session.csrf,
  onUnauthenticated: (url) => session.requireLogin(url),
  onError: (err) => toasts.error(err.message, err.requestId),
});

Alpine.magic('utc', () => utc);
Alpine.magic('age', () => age);
Alpine.magic('when', () => when);
Alpine.magic('duration', () => duration);
Alpine.magic('between', () => msBetween);
Alpine.magic('statusClass', () => statusClass);
Alpine.magic('actionClass', () => actionClass);
Alpine.magic('json', () => json);
Alpine.magic('bytes', () => bytes);

Alpine.data('shell', shell);
const root = document.getElementById('views');
if (root) {
  root.innerHTML = VIEWS.filter((v) => v.html).map((v) => `<template x-if="$store.router.view === '${v.view}'">${v.html}</template>`).join('\n');
}
for (const v of new Map(VIEWS.map((d) => [d.component, d.factory])).entries()) Alpine.data(v[0], v[1]);

installFocusTrap();
Alpine.start();

void (async () => {
  await session.load();
  if (session.state === 'ready') (Alpine.store('router') as { start(): void }).start();
})();
