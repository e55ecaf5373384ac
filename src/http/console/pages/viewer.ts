import type { AdminIdentity } from '../../../flows/admin/admin-tokens';

/** Who is looking at a page: the signed-in token's identity and the CSRF token its forms carry. */
export interface Viewer extends AdminIdentity {
  csrf: string;
}
