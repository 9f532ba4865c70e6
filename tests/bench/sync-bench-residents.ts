import { checkCharacter } from '../../shared/domain/id-document';

/**
 * The benchmark's residents, made the same way on both sides of the pull measurement: the district server seeds
 * them into a hall's change log (tests/sync/support/server-child.ts, `seed-residents`), and the page builds the same
 * rows for the raw bulkPut it is compared with (tests/sync/harness). Deterministic in `k`; ≈ 420 B of JSON each.
 */

/** One stamp for every field: the server seeds them as one whole-record write each. */
export const BENCH_HLC = '1795400000000-0000-bench';
const AT = '2026-11-22T02:00:00.000Z';

export type BenchResident = Record<string, unknown> & { id: string };

export function benchResident(k: number): BenchResident {
  const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(k / 1000) * 86_400_000).toISOString().slice(0, 10);
  const first17 = `110105${birth.replaceAll('-', '')}${String(k % 1000).padStart(3, '0')}`;
  const phone = `139${String(10_000_000 + (k % 90_000_000)).slice(-8)}`;
  return {
    id: `0b0b0b0b-0000-4000-8000-${k.toString(16).padStart(12, '0')}`,
    name: `张${'伟芳娜敏静丽强磊军洋'[k % 10]}${'一二三四五六七八九十'[Math.floor(k / 10) % 10]}`,
    document: { type: 'resident-id', number: first17 + checkCharacter(first17) },
    phone,
    phoneTail: phone.slice(-4),
    nameInitials: 'zwy',
    address: { building: `${(k % 40) + 1}号楼`, unit: `${(k % 4) + 1}单元`, room: `${(k % 30) + 101}` },
    grid: `网格${(k % 12) + 1}`,
    flags: k % 7 === 0 ? ['elderly'] : [],
    birthDate: birth,
    sex: k % 2 === 0 ? 'male' : 'female',
    createdAt: AT,
    updatedAt: AT,
    createdBy: '0b0b0b0b-0000-4000-8000-0000000000aa',
    workstationId: '0b0b0b0b-0000-4000-8000-0000000000bb',
  };
}

/** The pulled form: what the server sends for a whole-record write. */
export function benchResidentChange(k: number): { residentId: string; fields: Record<string, { value: unknown; hlc: string }> } {
  const { id, ...rest } = benchResident(k);
  const fields: Record<string, { value: unknown; hlc: string }> = {};
  for (const [f, value] of Object.entries(rest)) fields[f] = { value, hlc: BENCH_HLC };
  return { residentId: id, fields };
}

/** The stored form, as the pull writes it: the row plus each field's stamp. */
export function benchResidentRow(k: number): BenchResident {
  const row = benchResident(k);
  const fieldHlc: Record<string, string> = {};
  for (const f of Object.keys(row)) if (f !== 'id') fieldHlc[f] = BENCH_HLC;
  return { ...row, fieldHlc };
}
