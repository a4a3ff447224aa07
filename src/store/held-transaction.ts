import { sql } from 'kysely';
import type { Database } from './database.ts';
import { type TenantTx, withTenant } from './with-tenant.ts';

const rollback = Symbol('rollback');

/**
 * A tenant transaction held open across several steps and committed (or rolled back) by whoever
 * holds it, later: the HTTP layer runs every step of a write request in one, appends the audit
 * entry and commits, so a change that commits has its entry and one that rolls back has none.
 * Each step runs in a savepoint, so a failed step (a conflict the handler answers) does not
 * poison the next. The transaction begins on construction.
 *
 * @example
 * const held = new HeldTransaction(database, tenantId);
 * await held.run((tx) => insertGrant(tx, …));
 * await held.finish(true); // commit
 */
export class HeldTransaction {
  readonly #ready: Promise<TenantTx>;
  readonly #settled: Promise<void>;
  #decide!: (commit: boolean) => void;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(database: Database, tenantId: string) {
    const decision = new Promise<boolean>((resolve) => {
      this.#decide = resolve;
    });
    let handOut!: (tx: TenantTx) => void;
    let fail!: (error: unknown) => void;
    this.#ready = new Promise<TenantTx>((resolve, reject) => {
      handOut = resolve;
      fail = reject;
    });
    this.#settled = withTenant(database, tenantId, async (tx) => {
      handOut(tx);
      if (!(await decision)) throw rollback;
    }).catch((error: unknown) => {
      fail(error);
      if (error !== rollback) throw error;
    });
    // Nobody may be waiting yet when opening fails; `finish` reports it.
    this.#settled.catch(() => {});
  }

  /** Runs `work` in the transaction, in a savepoint of its own; steps run one after another. */
  run<T>(work: (tx: TenantTx) => Promise<T>): Promise<T> {
    const step = this.#tail.then(async () => {
      const tx = await this.#ready;
      await sql`savepoint lastplan_step`.execute(tx);
      try {
        const result = await work(tx);
        await sql`release savepoint lastplan_step`.execute(tx);
        return result;
      } catch (error) {
        await sql`rollback to savepoint lastplan_step`.execute(tx);
        throw error;
      }
    });
    this.#tail = step.catch(() => {});
    return step;
  }

  /** Commits (or rolls back) once every step has run; a failed commit throws. */
  async finish(commit: boolean): Promise<void> {
    await this.#tail;
    this.#decide(commit);
    try {
      await this.#settled;
    } catch (error) {
      if (commit) throw error;
    }
  }
}
