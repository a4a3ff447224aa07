import { describe, expect, it } from 'vitest';
import { parseRoleMap } from '../config.ts';
import { rolesFromClaims } from './claim-roles.ts';

describe('rolesFromClaims', () => {
  const map = parseRoleMap('amt-20=finance, it=admin, planung=planner, planung=viewer, *=viewer');

  it('maps a list claim, a string claim and a nested claim', () => {
    expect(rolesFromClaims({ groups: ['amt-20', 'unbekannt'] }, 'groups', map)).toEqual([
      'viewer',
      'finance',
    ]);
    expect(rolesFromClaims({ groups: 'planung' }, 'groups', map)).toEqual(['viewer', 'planner']);
    expect(rolesFromClaims({ realm_access: { roles: ['it'] } }, 'realm_access.roles', map)).toEqual([
      'viewer',
      'admin',
    ]);
  });

  it('gives nothing without a matching value and no `*` entry', () => {
    const strict = parseRoleMap('it=admin');
    expect(rolesFromClaims({ groups: ['*', 'x'] }, 'groups', strict)).toEqual([]);
    expect(rolesFromClaims({}, 'groups', strict)).toEqual([]);
    expect(rolesFromClaims({ groups: 7 }, 'groups', strict)).toEqual([]);
  });

  it('refuses an unknown role or an entry without a value', () => {
    expect(() => parseRoleMap('it=root')).toThrow(/LASTPLAN_OIDC_ROLE_MAP/);
    expect(() => parseRoleMap('=admin')).toThrow(/CLAIM_VALUE=ROLE/);
    expect(parseRoleMap('cn=lastplan=admin')).toEqual({ 'cn=lastplan': ['admin'] });
  });
});
