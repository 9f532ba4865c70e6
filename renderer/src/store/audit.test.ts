import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@shared/domain/staff/audit-entry';
import type { Staff } from '@shared/domain/staff/staff';
import { OutboxOpSchema } from '@shared/sync/protocol';
import { auditTrail, recordAudit, withAudit } from './audit';
import { recordCaseAction, recordIntake } from './intake-commands';
import { createResident, updateResident } from './residents';
import { sessionContext } from './staff';
import type { StoreContext } from './store-context';
import { isStoreError } from './store-error';
import { residentIdNumber, testContext } from './test-support';
import { outboxOps } from './outbox';

const credential = { kind: 'pin', algorithm: 'PBKDF2-SHA256', iterations: 2, salt: '00'.repeat(16), hash: '11'.repeat(32) } as const;

function staffRow(id: string, name: string, role: Staff['role'], active = true): Staff {
  return { id, hallCode: 'GL0301', name, role, credential, active, createdAt: '2026-11-01T01:00:00.000Z', updatedAt: '2026-11-01T01:00:00.000Z' };
}

const LI = staffRow('0000000a-0000-4000-8000-000000000001', '李娜', 'clerk');
const WANG = staffRow('0000000a-0000-4000-8000-000000000002', '王芳', 'clerk');
const ZHOU = staffRow('0000000a-0000-4000-8000-000000000003', '周值班', 'lead');

/** A workstation context signed in as `who`, with the hall's accounts stored. */
async function signedIn(who: Staff, base: StoreContext = testContext()): Promise<StoreContext> {
  await base.db.staff.bulkPut([LI, WANG, ZHOU]);
  return sessionContext(base, who);
}

const PRINT = { action: 'document.print' as const, target: { type: 'case' as const, id: '0000000c-0000-4000-8000-000000000001', label: 'GL0301-W02-20261123-0001' }, detail: { document: 'receipt' } };
const MATTER = { code: 'MZ-010', name: '老年人优待证办理', triage: 'government' as const, handling: 'immediate' as const, timeLimitDays: 0 };

async function counts(ctx: StoreContext) {
  return { audit: await ctx.db.audit.count(), outbox: await ctx.db.outbox.count(), lastSeq: (await ctx.db.meta.get('outbox.lastSeq'))?.value };
}

describe('recordAudit', () => {
  it('writes the row and its audit op together, naming who, when and where', async () => {
    const ctx = await signedIn(LI);
    const [entry] = await recordAudit(ctx, PRINT);
    expect(entry).toMatchObject({
      hallCode: 'GL0301',
      workstationId: ctx.workstation.workstationId,
      workstationCode: 'W02',
      staffId: LI.id,
      staffName: '李娜',
      action: 'document.print',
      target: PRINT.target,
      detail: { document: 'receipt' },
    });
    expect(await ctx.db.audit.toArray()).toEqual([entry]);
    const [op] = await outboxOps(ctx.db);
    expect(OutboxOpSchema.parse(op)).toMatchObject({ seq: 1, kind: 'audit', payload: entry });
  });

  it('leaves neither row nor op, and uses no seq, when either write fails', async () => {
    const ctx = await signedIn(LI);
    await recordAudit(ctx, PRINT);
    const before = await counts(ctx);
    const fail = () => {
      throw new Error('disk full');
    };
    for (const table of [ctx.db.outbox, ctx.db.audit] as const) {
      table.hook('creating', fail);
      await expect(recordAudit(ctx, PRINT)).rejects.toThrow('disk full');
      table.hook('creating').unsubscribe(fail);
      expect(await counts(ctx)).toEqual(before);
    }
    await recordAudit(ctx, PRINT);
    expect((await outboxOps(ctx.db)).map((o) => o.seq)).toEqual([1, 2]);
  });

  it('refuses without a signed-in session, and refuses a draft that does not fit', async () => {
    const plain = testContext();
    await expect(recordAudit(plain, PRINT)).rejects.toSatisfy((e) => isStoreError(e, 'auth/not-signed-in'));
    const ctx = await signedIn(LI);
    await expect(recordAudit(ctx, { ...PRINT, detail: { note: 'x'.repeat(500) } })).rejects.toSatisfy((e) => isStoreError(e, 'input/invalid'));
    expect(await counts(ctx)).toEqual({ audit: 0, outbox: 0, lastSeq: undefined });
  });
});

describe('withAudit', () => {
  it('commits the row before the action runs', async () => {
    const ctx = await signedIn(LI);
    let seen = -1;
    const result = await withAudit(ctx, PRINT, async () => {
      seen = await ctx.db.audit.count();
      return 'printed';
    });
    expect(result).toBe('printed');
    expect(seen).toBe(1);
  });

  it('does not run the action when the row cannot be written (an unaudited disclosure is worse than none)', async () => {
    let ran = false;
    await expect(
      withAudit(testContext(), { action: 'id.reveal', target: { type: 'resident', id: 'r1' } }, () => {
        ran = true;
      }),
    ).rejects.toSatisfy((e) => isStoreError(e, 'auth/not-signed-in'));
    expect(ran).toBe(false);
  });
});

describe('audited store commands', () => {
  it('records resident registration and changes in the same transaction as the resident', async () => {
    const ctx = await signedIn(LI);
    const r = await createResident(ctx, { name: '张三丰', document: { type: 'resident-id', number: residentIdNumber('11010519491231002') } });
    await updateResident(ctx, r.id, { phone: '13812345678' });
    const rows = await ctx.db.audit.toArray();
    expect(rows).toMatchObject([
      { action: 'resident.create', staffId: LI.id, target: { type: 'resident', id: r.id } },
      { action: 'resident.change', staffId: LI.id, target: { type: 'resident', id: r.id }, detail: { fields: 'phone,phoneTail' } },
    ]);
    // No personal data in the trail: neither the ID number nor the phone.
    expect(JSON.stringify(rows)).not.toMatch(/110105|13812345678/);
    expect((await outboxOps(ctx.db)).map((o) => o.kind)).toEqual(['resident-patch', 'audit', 'resident-patch', 'audit']);
  });

  it('rolls the resident back when its audit row cannot be written', async () => {
    const ctx = await signedIn(LI);
    const fail = () => {
      throw new Error('disk full');
    };
    ctx.db.audit.hook('creating', fail);
    await expect(createResident(ctx, { name: '张三丰', document: { type: 'resident-id', number: residentIdNumber('11010519491231002') } })).rejects.toThrow('disk full');
    ctx.db.audit.hook('creating').unsubscribe(fail);
    expect({ residents: await ctx.db.residents.count(), ...(await counts(ctx)) }).toEqual({ residents: 0, audit: 0, outbox: 0, lastSeq: undefined });
  });

  it('records one row per case command, naming the case number and the event types', async () => {
    const ctx = await signedIn(LI);
    const { case: row } = await recordIntake(ctx, { residentId: '6a3f0c1e-0000-4000-8000-000000000001', matter: MATTER, outcome: { kind: 'accept', materialsPresent: [], completeNow: {} } });
    await recordCaseAction(ctx, row.id, { kind: 'rate', level: 'satisfied' });
    expect(await ctx.db.audit.toArray()).toMatchObject([
      { action: 'case.create', target: { type: 'case', id: row.id, label: row.caseNumber }, detail: { events: 'received,accepted,completed' } },
      { action: 'case.change', target: { type: 'case', id: row.id, label: row.caseNumber }, detail: { events: 'rated' } },
    ]);
    expect((await outboxOps(ctx.db)).map((o) => o.kind)).toEqual(['case-event', 'case-event', 'case-event', 'audit', 'case-event', 'audit']);
  });

  it('rolls the case back when its audit row cannot be written', async () => {
    const ctx = await signedIn(LI);
    const fail = () => {
      throw new Error('disk full');
    };
    ctx.db.audit.hook('creating', fail);
    await expect(recordIntake(ctx, { residentId: '6a3f0c1e-0000-4000-8000-000000000001', matter: MATTER, outcome: { kind: 'accept', materialsPresent: [] } })).rejects.toThrow('disk full');
    ctx.db.audit.hook('creating').unsubscribe(fail);
    expect({ cases: await ctx.db.cases.count(), events: await ctx.db.caseEvents.count(), ...(await counts(ctx)) }).toEqual({ cases: 0, events: 0, audit: 0, outbox: 0, lastSeq: undefined });
  });

  it('writes no audit for a context without a session (tools writing as the workstation)', async () => {
    const ctx = testContext();
    await createResident(ctx, { name: '张三丰', document: { type: 'resident-id', number: residentIdNumber('11010519491231002') } });
    expect((await outboxOps(ctx.db)).map((o) => o.kind)).toEqual(['resident-patch']);
    expect(await ctx.db.audit.count()).toBe(0);
  });
});

describe('auditTrail', () => {
  /** Rows from three staff at two workstations over two hall days, newest last. */
  async function seeded() {
    const base = testContext();
    await base.db.staff.bulkPut([LI, WANG, ZHOU]);
    const row = (n: number, who: Staff, at: string, action: AuditEntry['action'], workstationId: string): AuditEntry => ({
      id: `0000000e-0000-4000-8000-${String(n).padStart(12, '0')}`,
      at,
      hallCode: 'GL0301',
      workstationId,
      staffId: who.id,
      staffName: who.name,
      action,
      target: { type: 'case', id: `case-${n}` },
    });
    // 2026-11-22T16:00Z is midnight of 2026-11-23 in the hall.
    await base.db.audit.bulkAdd([
      row(1, LI, '2026-11-22T15:59:59.000Z', 'document.print', 'ws-1'),
      row(2, LI, '2026-11-22T16:00:00.000Z', 'case.create', 'ws-1'),
      row(3, WANG, '2026-11-23T02:00:00.000Z', 'id.reveal', 'ws-2'),
      row(4, ZHOU, '2026-11-23T03:00:00.000Z', 'document.print', 'ws-2'),
      row(5, LI, '2026-11-23T15:59:59.999Z', 'document.print', 'ws-1'),
      row(6, WANG, '2026-11-23T16:00:00.000Z', 'case.change', 'ws-2'),
    ]);
    return base;
  }
  const ids = (rows: AuditEntry[]) => rows.map((r) => Number(r.id.slice(-2)));

  it('shows a lead everyone’s rows, newest first, filtered by hall day, staff, action and workstation', async () => {
    const lead = sessionContext(await seeded(), ZHOU);
    expect(ids(await auditTrail(lead))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(ids(await auditTrail(lead, { from: '2026-11-23', to: '2026-11-23' }))).toEqual([5, 4, 3, 2]);
    expect(ids(await auditTrail(lead, { from: '2026-11-23', to: '2026-11-23', staffId: LI.id }))).toEqual([5, 2]);
    expect(ids(await auditTrail(lead, { action: 'document.print' }))).toEqual([5, 4, 1]);
    expect(ids(await auditTrail(lead, { workstationId: 'ws-2', from: '2026-11-23' }))).toEqual([6, 4, 3]);
    expect(ids(await auditTrail(lead, {}, 2))).toEqual([6, 5]);
  });

  it('shows a clerk only their own rows, whatever the filter asks', async () => {
    const base = await seeded();
    const li = sessionContext(base, LI);
    expect(ids(await auditTrail(li))).toEqual([5, 2, 1]);
    expect(ids(await auditTrail(li, { staffId: WANG.id }))).toEqual([5, 2, 1]);
    // The role is read from the staff table: a clerk's context claiming "lead" still gets only its own rows.
    expect(ids(await auditTrail(sessionContext(base, { ...WANG, role: 'lead' })))).toEqual([6, 3]);
  });

  it('refuses anyone not an active account of the hall', async () => {
    const base = await seeded();
    const disabled: Staff = { ...ZHOU, active: false };
    await base.db.staff.put(disabled);
    await expect(auditTrail(sessionContext(base, ZHOU))).rejects.toSatisfy((e) => isStoreError(e, 'auth/forbidden'));
    await expect(auditTrail(base)).rejects.toSatisfy((e) => isStoreError(e, 'auth/forbidden'));
  });
});
