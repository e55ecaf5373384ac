import { DurableObject } from 'cloudflare:workers';
import {
  admit,
  budgetUsage,
  freshBudget,
  giveBack,
  pauseUntil,
  type Admission,
  type BudgetState,
  type BudgetUsage,
} from '../../platform/ratelimit/budget';
import type { RateLimits } from '../../platform/ratelimit/rate-limiter';

/**
 * One upstream token's request budget, shared by every invocation of the Worker: the fetch
 * handlers, each queue consumer, the cron trigger. A Durable Object handles one call at a time,
 * so admissions never race. The state is kept in the object's own storage, so an eviction
 * forgets neither the tokens spent nor the requests in flight. Callers pass their clock's time
 * (the object has no clock of its own to disagree with theirs).
 */
export class RateBudget extends DurableObject {
  private load(limits: RateLimits, now: number): BudgetState {
    return this.ctx.storage.kv.get<BudgetState>('budget') ?? freshBudget(limits, now);
  }

  private save(state: BudgetState): void {
    this.ctx.storage.kv.put('budget', state);
  }

  admit(limits: RateLimits, kind: 'read' | 'write', leaseId: string, now: number, leaseMs: number): Admission {
    const state = this.load(limits, now);
    const decision = admit(state, limits, kind, leaseId, now, leaseMs);
    this.save(state);
    return decision;
  }

  giveBack(leaseId: string): void {
    const state = this.ctx.storage.kv.get<BudgetState>('budget');
    if (!state) return;
    giveBack(state, leaseId);
    this.save(state);
  }

  usage(limits: RateLimits, now: number): BudgetUsage {
    return budgetUsage(this.ctx.storage.kv.get<BudgetState>('budget'), limits, now);
  }

  pause(until: number): void {
    const state = this.ctx.storage.kv.get<BudgetState>('budget');
    if (!state) return;
    pauseUntil(state, until);
    this.save(state);
  }
}
