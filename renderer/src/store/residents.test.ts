import { describe, expect, it } from 'vitest';
import { OutboxOpSchema } from '@shared/sync/protocol';
import { parseHlc } from '@shared/sync/hlc';
import { countPendingOutbox, outboxOps } from './outbox';
import { createResident, findResidentByDocument, searchResidents, updateResident, type NewResident } from './residents';
import { isStoreError } from './store-error';
import { residentIdNumber, testContext } from './test-support';

const ID_A = residentIdNumber('11010519491231002');
const ID_B = residentIdNumber('44030619900101123');

const zhang: NewResident = {
  name: '张三丰',
  document: { type: 'resident-id', number: ID_A },
  phone: '13812345678',
  address: { building: '3号楼', unit: '2单元', room: '502' },
};

async function snapshot(ctx: ReturnType<typeof testContext>) {
  return {
    residents: await ctx.db.residents.count(),
    outbox: await ctx.db.outbox.count(),
    lastSeq: (await ctx.db.meta.get('outbox.lastSeq'))?.value,
    hlc: (await ctx.db.meta.get('hlc.last'))?.value,
  };
}

describe('createResident', () => {
  it('writes the resident with its search keys and one resident-patch op that the protocol accepts', async () => {
    const ctx = testContext();
    const row = await createResident(ctx, zhang);

    expect(row).toMatchObject({ name: '张三丰', nameInitials: 'zsf', phoneTail: '5678', createdBy: ctx.workstation.staffId });
    expect(await ctx.db.residents.get(row.id)).toEqual(row);

    const ops = await outboxOps(ctx.db);
    expect(ops).toHaveLength(1);
    const op = OutboxOpSchema.parse(ops[0]);
    expect(op.seq).toBe(1);
    if (op.kind !== 'resident-patch') throw new Error('expected a resident-patch');
    expect(op.payload.residentId).toBe(row.id);
    expect(op.payload.base).toBeUndefined();
    expect(op.payload.fields.name?.value).toBe('张三丰');
    expect(op.payload.fields.phoneTail?.value).toBe('5678');
    // One stamp for the whole registration, from this workstation's clock node.
    const stamps = new Set(Object.values(op.payload.fields).map((f) => f.hlc));
    expect(stamps.size).toBe(1);
    expect(parseHlc([...stamps][0] as string).node).toBe(ctx.workstation.workstationId);
  });

  it('refuses a document already on file with a typed error and writes nothing', async () => {
    const ctx = testContext();
    const first = await createResident(ctx, zhang);
    const before = await snapshot(ctx);

    const err = await createResident(ctx, { ...zhang, name: '张三' }).catch((e: unknown) => e);
    expect(isStoreError(err, 'resident/duplicate-document')).toBe(true);
    expect(isStoreError(err) && err.details.residentId).toBe(first.id);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('treats the 15-digit card and the 18-digit number of one person as the same document', async () => {
    const ctx = testContext();
    // 110105491231002 is the old card of 11010519491231002X.
    await createResident(ctx, { ...zhang, document: { type: 'resident-id-legacy', number: '110105491231002' } });
    const err = await createResident(ctx, zhang).catch((e: unknown) => e);
    expect(isStoreError(err, 'resident/duplicate-document')).toBe(true);
    expect((await findResidentByDocument(ctx.db, ID_A))?.document.number).toBe('110105491231002');
  });

  it('refuses an invalid ID number with its validation code, writing nothing', async () => {
    const ctx = testContext();
    const bad = ID_A.slice(0, 17) + (ID_A.endsWith('X') ? '1' : 'X');
    const err = await createResident(ctx, { ...zhang, document: { type: 'resident-id', number: bad } }).catch((e: unknown) => e);
    expect(isStoreError(err, 'id-document/checksum')).toBe(true);
    expect(await snapshot(ctx)).toEqual({ residents: 0, outbox: 0, lastSeq: undefined, hlc: undefined });
  });

  it('leaves neither the resident nor an outbox row when the transaction fails after the first put', async () => {
    const ctx = testContext();
    await createResident(ctx, { ...zhang, document: { type: 'resident-id', number: ID_B }, name: '李四' });
    const before = await snapshot(ctx);

    // The resident row is put first; the outbox write then fails, which must take the resident with it.
    const failOutbox = () => {
      throw new Error('disk full');
    };
    ctx.db.outbox.hook('creating', failOutbox);
    await expect(createResident(ctx, zhang)).rejects.toThrow('disk full');
    ctx.db.outbox.hook('creating').unsubscribe(failOutbox);

    expect(await snapshot(ctx)).toEqual(before);
    expect(await findResidentByDocument(ctx.db, ID_A)).toBeUndefined();

    // The failed attempt consumed no seq: the next op follows the last committed one.
    await createResident(ctx, zhang);
    expect((await outboxOps(ctx.db)).map((o) => o.seq)).toEqual([1, 2]);
  });
});

describe('updateResident', () => {
  it('sends only the changed fields, stamped after the previous write, with base', async () => {
    const ctx = testContext();
    const row = await createResident(ctx, zhang);
    const created = row.fieldHlc?.name as string;

    const updated = await updateResident(ctx, row.id, { phone: '13900001111', grid: null });
    expect(updated).toMatchObject({ phone: '13900001111', phoneTail: '1111' });
    expect(await searchResidents(ctx.db, '1111')).toHaveLength(1);
    expect(await searchResidents(ctx.db, '5678')).toHaveLength(0);

    const op = OutboxOpSchema.parse((await outboxOps(ctx.db))[1]);
    if (op.kind !== 'resident-patch') throw new Error('expected a resident-patch');
    expect(Object.keys(op.payload.fields).sort()).toEqual(['phone', 'phoneTail', 'updatedAt']);
    expect(op.payload.base).toBe(created);
    const stamp = op.payload.fields.phone?.hlc as string;
    expect(stamp > created).toBe(true);
    expect(updated.fieldHlc?.phone).toBe(stamp);
    expect(updated.fieldHlc?.name).toBe(created);
  });

  it('clears an optional field with null on the wire', async () => {
    const ctx = testContext();
    const row = await createResident(ctx, zhang);
    const updated = await updateResident(ctx, row.id, { phone: null });
    expect(updated).not.toHaveProperty('phone');
    expect(updated).not.toHaveProperty('phoneTail');
    const op = (await outboxOps(ctx.db))[1];
    expect(op?.kind === 'resident-patch' && op.payload.fields.phone).toMatchObject({ value: null });
  });

  it('writes nothing when nothing changed', async () => {
    const ctx = testContext();
    const row = await createResident(ctx, zhang);
    const before = await snapshot(ctx);
    await updateResident(ctx, row.id, { name: '张三丰', phone: '13812345678' });
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('refuses moving to a document another resident holds, writing nothing', async () => {
    const ctx = testContext();
    await createResident(ctx, zhang);
    const li = await createResident(ctx, { ...zhang, name: '李四', document: { type: 'resident-id', number: ID_B } });
    const before = await snapshot(ctx);
    const err = await updateResident(ctx, li.id, { document: { type: 'resident-id', number: ID_A } }).catch((e: unknown) => e);
    expect(isStoreError(err, 'resident/duplicate-document')).toBe(true);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('reports an unknown resident', async () => {
    const ctx = testContext();
    const err = await updateResident(ctx, '00000000-0000-4000-8000-000000000999', { name: '王五' }).catch((e: unknown) => e);
    expect(isStoreError(err, 'resident/not-found')).toBe(true);
    expect(await countPendingOutbox(ctx.db)).toBe(0);
  });
});

describe('searchResidents', () => {
  it('finds residents by ID, name prefix, pinyin initials, phone and 手机尾号', async () => {
    const ctx = testContext();
    const a = await createResident(ctx, zhang);
    const b = await createResident(ctx, {
      name: '张伟',
      document: { type: 'resident-id', number: ID_B },
      phone: '010-62345678',
    });
    const c = await createResident(ctx, {
      name: '欧阳娜娜',
      document: { type: 'hk-macao-permit', number: 'H12345678' },
      phone: '13700005678',
    });
    const ids = async (q: string) => (await searchResidents(ctx.db, q)).map((r) => r.id).sort();

    expect(await ids(ID_A)).toEqual([a.id]);
    expect(await ids(ID_A.toLowerCase())).toEqual([a.id]);
    expect(await ids('440306')).toEqual([b.id]);
    expect(await ids('h1234')).toEqual([c.id]);
    expect(await ids('张')).toEqual([a.id, b.id].sort());
    expect(await ids('张三')).toEqual([a.id]);
    expect(await ids('zs')).toEqual([a.id]);
    expect(await ids('ZW')).toEqual([b.id]);
    expect(await ids('oy')).toEqual([c.id]);
    expect(await ids('13812345678')).toEqual([a.id]);
    expect(await ids('010-62345678')).toEqual([b.id]);
    expect(await ids('5678')).toEqual([a.id, b.id, c.id].sort());
    expect(await ids('0000')).toEqual([]);
    expect(await ids('')).toEqual([]);
  });

  it('finds a resident by either spelling of the ID number, preferring the exact one', async () => {
    const ctx = testContext();
    const a = await createResident(ctx, zhang);
    const ids = async (q: string) => (await searchResidents(ctx.db, q)).map((r) => r.id);
    // The 18-digit number on file answers the old 15-digit card.
    expect(await ids('110105491231002')).toEqual([a.id]);
    expect(await findResidentByDocument(ctx.db, '110105491231002')).toMatchObject({ id: a.id });
    // Both spellings on file (a pull can bring the other one): each query gets its own row first.
    await ctx.db.residents.add({ ...a, id: 'legacy-row', document: { type: 'resident-id-legacy', number: '110105491231002' } });
    expect((await findResidentByDocument(ctx.db, '110105491231002'))?.id).toBe('legacy-row');
    expect((await findResidentByDocument(ctx.db, ID_A))?.id).toBe(a.id);
    expect(await findResidentByDocument(ctx.db, residentIdNumber('44030619900101123'))).toBeUndefined();
  });
});
