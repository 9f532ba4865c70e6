import type { Browser, BrowserContext, Page } from '@playwright/test';

/** One workstation: its own browser context (own IndexedDB), driving the harness page's `window.harness`. */
export type Harness = {
  init(args: { dbName: string; workstationCode: string }): Promise<{ workstationId: string; workstationCode: string }>;
  startSync(args?: { tuning?: Record<string, number> }): Promise<unknown>;
  enroll(serverUrl: string, code: string): Promise<{ ok: boolean; code?: string; device?: { deviceId: string } }>;
  settings(s: { mode: 'window' | 'continuous' | 'manual'; window: { start: string; end: string } }): Promise<void>;
  syncNow(): Promise<{ ok: boolean; code?: string; pushed?: number; pulled?: number }>;
  events(type?: string): Promise<Array<{ type: string } & Record<string, unknown>>>;
  createResidents(n: number, base: number): Promise<string[]>;
  editResident(id: string, changes: Record<string, unknown>): Promise<void>;
  intake(residentId: string, quick: boolean): Promise<string>;
  action(caseId: string, action: Record<string, unknown>): Promise<void>;
  status(): Promise<{ lastSeq: number; ackedSeq: number; pending: number; rejected: number; conflicts: number; outboxRows: number }>;
  dump(): Promise<Dump>;
  outboxOps(): Promise<Array<{ seq: number; kind: string; opId: string }>>;
  residentIds(): Promise<string[]>;
  ownOpenCases(): Promise<string[]>;
  workstationId(): Promise<string>;
  conflicts(): Promise<Array<{ key: string; kind: string; residentId?: string; fields?: Array<{ field: string; kept: string }> }>>;
  resolveConflict(key: string, choices: Record<string, 'server' | 'incoming' | 'current'>): Promise<{ id: string; phone?: string }>;
};

export type Dump = {
  residents: Array<{ id: string } & Record<string, unknown>>;
  cases: Array<{ id: string } & Record<string, unknown>>;
  events: Array<{ id: string } & Record<string, unknown>>;
  rejected: unknown[];
};

type Method = keyof Harness;

export class Workstation {
  private constructor(
    readonly context: BrowserContext,
    public page: Page,
    readonly origin: string,
    readonly dbName: string,
    readonly code: string,
  ) {}

  static async open(browser: Browser, origin: string, code: string): Promise<Workstation> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const ws = new Workstation(context, page, origin, `yizhan-sync-${code}`, code);
    await ws.load();
    return ws;
  }

  async load(): Promise<void> {
    await this.page.goto(`${this.origin}/`);
    await this.page.waitForFunction(() => 'harness' in window);
    await this.call('init', { dbName: this.dbName, workstationCode: this.code });
  }

  /** Calls `window.harness[name](...args)` in the page. */
  call<M extends Method>(name: M, ...args: Parameters<Harness[M]>): Promise<Awaited<ReturnType<Harness[M]>>> {
    return this.page.evaluate(
      async ([n, a]) => {
        const h = (window as unknown as { harness: Record<string, (...x: unknown[]) => unknown> }).harness;
        return (await h[n as string]!(...(a as unknown[]))) as never;
      },
      [name, args] as const,
    ) as Promise<Awaited<ReturnType<Harness[M]>>>;
  }

  /** Runs 立即同步 until it succeeds (the network may still be failing), at most `tries` times. */
  async syncUntilOk(tries = 60): Promise<void> {
    let last: unknown = null;
    for (let i = 0; i < tries; i++) {
      const r = await this.call('syncNow');
      if (r.ok) return;
      last = r;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`${this.code}: sync did not succeed in ${tries} tries: ${JSON.stringify(last)}`);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Sorted by id, so two dumps compare as sets. */
export function byId<T extends { id: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
