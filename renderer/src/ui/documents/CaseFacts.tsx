import type { Fact } from './FactTable';
import type { PrintableCase } from './view-model';

export const HANDLING_LABELS = { immediate: '即办件', promised: '承诺件' } as const;

function idText(p: { idTypeLabel: string; maskedId: string }) {
  return (
    <>
      {p.idTypeLabel} <span className="doc-code">{p.maskedId}</span>
    </>
  );
}

/** Who and what: the rows every document starts with. IDs and phones arrive masked from the view model. */
export function caseFacts(p: PrintableCase): Fact[] {
  const facts: Fact[] = [
    { label: '申请人', value: p.resident.name },
    { label: '证件号码', value: idText(p.resident) },
  ];
  if (p.resident.maskedPhone !== undefined) {
    facts.push({ label: '联系电话', value: <span className="doc-code">{p.resident.maskedPhone}</span> });
  }
  if (p.agent !== undefined) {
    facts.push({
      label: '代办人',
      value: (
        <>
          {p.agent.name}（{p.agent.relation}） {idText(p.agent)}
        </>
      ),
    });
  }
  facts.push({
    label: '办理事项',
    value: (
      <>
        {p.matter.name}（事项编码 <span className="doc-code">{p.matter.code}</span>）
      </>
    ),
  });
  return facts;
}

export function handlingText(m: PrintableCase['matter']): string {
  return m.handling === 'promised' ? `${HANDLING_LABELS.promised}（承诺时限${m.timeLimitDays}个工作日）` : HANDLING_LABELS.immediate;
}
