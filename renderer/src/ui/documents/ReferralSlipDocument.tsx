import { caseFacts } from './CaseFacts';
import { DocumentFrame } from './DocumentFrame';
import { FactTable } from './FactTable';
import { formatChineseDate } from './format';
import type { PrintableCase, PrintableReferral, PrintLayout } from './view-model';

/** 首问负责登记转介单: the matter is not the hall's, so the visit is logged and the resident sent to the right place. */
export function ReferralSlipDocument({
  printable: p,
  referral: r,
  layout,
}: {
  printable: PrintableCase;
  referral: PrintableReferral;
  layout: PrintLayout;
}) {
  return (
    <DocumentFrame
      printable={p}
      layout={layout}
      title="首问负责登记转介单"
      dateLabel="登记日期"
      date={r.referredOn}
      signers={['首问责任人签字', p.agent !== undefined ? '代办人签字' : '来访人签字']}
    >
      <FactTable
        facts={[
          ...caseFacts(p),
          { label: '来访日期', value: formatChineseDate(p.receivedOn) },
          { label: '转介去向', value: r.place },
          r.phone !== undefined && { label: '联系电话', value: <span className="doc-code">{r.phone}</span> },
          r.note !== undefined && r.note.trim() !== '' && { label: '备注', value: r.note },
          { label: '首问责任人', value: r.clerkName },
        ]}
      />
      <p className="doc-para">
        根据首问负责制，您咨询的事项不属于本大厅受理范围。我们已登记来访情况，并为您指引至上述单位办理。如有疑问，请与本大厅联系。
      </p>
    </DocumentFrame>
  );
}
