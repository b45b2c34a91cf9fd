// The application shell (x-data="shell"): top navigation filtered by role and readiness, the session dialog.
import { NAV, type NavItem } from './routes';
import { openDialog } from './lib/dialogs';
import { router, session } from './lib/view';

export const shell = () => ({
  get navItems(): NavItem[] {
    const admin = session().isAdmin;
    return NAV.filter((n) => n.ready && (!n.admin || admin));
  },
  isActive(item: NavItem): boolean {
    return item.match.includes(router().view);
  },
  openSession(this: { $refs: Record<string, HTMLElement> }) {
    openDialog(this.$refs.sessionDialog);
  },
  retry() {
    void session().load();
  },
});
