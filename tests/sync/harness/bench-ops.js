// The case-event op the benchmarks queue: the same generator for the product's push (harness.bulkEnqueue) and the
// anchors' naive reference loop (naive-push.js), so both move the same bytes.

/** The k-th `received` case event of a workstation, as an outbox draft (enqueueOps numbers it). */
export function benchCaseEventDraft(workstation, k, newId) {
  return {
    kind: 'case-event',
    payload: {
      id: newId(),
      caseId: newId(),
      at: new Date().toISOString(),
      actor: workstation.staffId,
      actorName: workstation.clerkName,
      workstationId: workstation.workstationId,
      hallCode: workstation.hallCode,
      type: 'received',
      payload: {
        caseNumber: `${workstation.hallCode}-${workstation.workstationCode}-20261123-${String((k % 9999) + 1).padStart(4, '0')}`,
        residentId: newId(),
        matterCode: 'MZ-001',
        matterName: '最低生活保障申请受理（城乡居民最低生活保障待遇申请）',
        triage: 'government',
        handling: 'promised',
        timeLimitDays: 30,
        channel: 'counter',
      },
    },
  };
}
