// Seeds a hall day into the running app's own database through the store's real commands (createResident,
// recordIntake, recordCaseAction), with a clock the plan controls. Bundled by esbuild in daily-log.spec.ts and
// evaluated in the app page, so it writes the same IndexedDB the app reads. Plain JS: tests/ is type-checked as
// node code, and this file imports renderer modules, which belong to the web project (as tests/sync/harness does).
import './daily-log-seed-zod';
import { checkCharacter } from '@shared/domain/id-document';
import { createResident } from '../../renderer/src/store/residents';
import { recordCaseAction, recordIntake } from '../../renderer/src/store/intake-commands';
import { YizhanDb } from '../../renderer/src/store/schema';
import { readWorkstationConfig } from '../../renderer/src/store/workstation';

const MATTERS = {
  immediate: { code: 'RS-001', name: '失业登记', triage: 'government', handling: 'immediate', timeLimitDays: 0 },
  community: { code: 'JW-003', name: '志愿者注册与志愿服务记录证明', triage: 'community', handling: 'immediate', timeLimitDays: 0 },
  promised: { code: 'MZ-005', name: '高龄津贴申领', triage: 'government', handling: 'promised', timeLimitDays: 15 },
  deferrable: { code: 'MZ-003', name: '临时救助申请受理', triage: 'government', handling: 'promised', timeLimitDays: 10 },
  private: { code: 'SS-001', name: '家政服务需求', triage: 'private', handling: 'immediate', timeLimitDays: 0 },
};

function outcomeOf(c) {
  switch (c.outcome) {
    case 'done':
      return { kind: 'accept', materialsPresent: ['id-card'] };
    case 'promised':
    case 'forward':
      return { kind: 'accept', materialsPresent: ['id-card', 'hukou', 'bank-card'], deadline: '2026-12-11' };
    case 'notice':
      return { kind: 'notice', missing: [{ id: 'termination', name: '解除劳动合同证明' }], legalBasis: '《就业服务与就业管理规定》第六十三条', returnBy: '2026-11-27' };
    case 'deferral':
      return {
        kind: 'deferral',
        materialsPresent: ['id-card', 'hukou', 'application', 'bank-card'],
        deferred: [{ id: 'emergency-proof', name: '突发事件证明' }],
        promiseText: '本人承诺于2026年11月23日前补交突发事件证明',
        dueDate: '2026-11-23',
        deadline: '2026-12-04',
      };
    case 'refuse':
      return { kind: 'refuse', reason: '不属于本社区受理范围', referTo: { office: '区人力资源和社会保障局' }, appealRoute: '可于六十日内申请行政复议' };
    case 'refer':
      return { kind: 'refer', place: '街道家政服务站', phone: '12345' };
    default:
      throw new Error(`unknown outcome ${c.outcome}`);
  }
}

/** A valid 18-digit resident ID, distinct per n. */
function idNumber(n) {
  const first17 = `1101051950030${String(700 + n).padStart(3, '0')}1`;
  return first17 + checkCharacter(first17);
}

window.__dailyLogSeed = async (plan) => {
  const db = new YizhanDb('yizhan');
  await db.open();
  const app = await readWorkstationConfig(db);
  if (!app) throw new Error('set the workstation up first');
  let clock = 0;
  let ids = 0;
  const base = { db, now: () => clock, newId: () => crypto.randomUUID() };
  const clerks = {};
  for (const [key, c] of Object.entries(plan.clerks)) {
    const own = c.workstationCode === app.workstationCode;
    clerks[key] = {
      ...base,
      workstation: {
        hallCode: app.hallCode,
        workstationCode: c.workstationCode,
        workstationId: own ? app.workstationId : crypto.randomUUID(),
        staffId: own ? app.staffId : crypto.randomUUID(),
        clerkName: c.name,
      },
    };
  }

  const residents = [];
  clock = Date.parse('2026-11-01T01:00:00.000Z');
  for (const [i, name] of plan.residents.entries()) {
    const r = await createResident(clerks[plan.cases[0].clerk], { name, document: { type: 'resident-id', number: idNumber(i) } });
    residents.push(r.id);
  }

  // Every step at its own time, all in time order, so each window's case numbers run forward day by day.
  const steps = [];
  const at = (day, time) => Date.parse(`${day}T${time}:00.000+08:00`);
  plan.cases.forEach((c, index) => {
    const t = at(c.day, c.time);
    steps.push({ t, index, run: async (ref) => {
      const result = await recordIntake(clerks[c.clerk], { residentId: residents[c.resident % residents.length], matter: MATTERS[c.matter], outcome: outcomeOf(c) });
      ref.caseId = result.case.id;
    } });
    let after = t;
    if (c.outcome === 'done') {
      after = t + c.minutes * 60_000;
      steps.push({ t: after, index, run: (ref) => recordCaseAction(clerks[c.clerk], ref.caseId, { kind: 'complete', resultNote: '当场办结' }) });
    }
    if (c.outcome === 'forward') {
      after = t + 30 * 60_000;
      steps.push({ t: after, index, run: (ref) => recordCaseAction(clerks[c.clerk], ref.caseId, { kind: 'forward', department: '区民政局' }) });
    }
    if (c.rating) {
      const rating = c.rating;
      steps.push({ t: after + 60_000, index, run: (ref) => recordCaseAction(clerks[c.clerk], ref.caseId, { kind: 'rate', ...rating }) });
    }
    if (c.completeLater) {
      const later = c.completeLater;
      steps.push({ t: at(later.day, later.time), index, run: (ref) => recordCaseAction(clerks[later.clerk ?? c.clerk], ref.caseId, { kind: 'complete' }) });
    }
  });
  steps.sort((a, b) => a.t - b.t || a.index - b.index);
  const refs = plan.cases.map(() => ({ caseId: null }));
  for (const step of steps) {
    clock = step.t;
    await step.run(refs[step.index]);
    ids += 1;
  }
  const counts = { cases: await db.cases.count(), events: await db.caseEvents.count(), outbox: await db.outbox.count(), steps: ids };
  db.close();
  return counts;
};
