import { LitElement, type PropertyDeclarations } from 'lit';
import type { ApiOptions } from '../api/client.ts';
import { elementStyles } from '../styles/element-styles.ts';
import { viewStyles } from './view-styles.ts';

/** The API as the dashboard's session reaches it (no token: the cookie authenticates). */
export function sessionApi(api: string): ApiOptions {
  return { api, token: '' };
}

/**
 * What every view of the dashboard is given by the shell (`<lastplan-dashboard>`): the API base
 * (the page's own origin, authenticated by the session cookie), the tenant's time zone and the
 * roles of the signed-in person. A view reads its ids from properties the shell sets from the URL
 * and loads its own data (`viewTask`).
 */
export class DashboardView extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { type: String },
    timeZone: { type: String, attribute: 'time-zone' },
    roles: { type: Array },
  };

  static override styles = [elementStyles, viewStyles];

  api = '';
  timeZone = 'Europe/Berlin';
  /** The signed-in person's roles, implied ones included (admin holds every role). */
  roles: readonly string[] = [];

  /** Whether the signed-in person holds a role (admin holds all). */
  protected can(role: 'viewer' | 'planner' | 'finance' | 'admin'): boolean {
    return this.roles.includes(role) || this.roles.includes('admin');
  }
}
