// Admin landing (#/admin): one card per admin page.
import { ADMIN_PAGES } from '../routes';

export const adminView = () => ({ pages: ADMIN_PAGES });
