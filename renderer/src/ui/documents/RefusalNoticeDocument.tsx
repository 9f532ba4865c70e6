import { caseFacts } from './CaseFacts';
import { DocumentFrame } from './DocumentFrame';
import { FactTable } from './FactTable';
import { formatChineseDate } from './format';
import type { PrintableCase, PrintableRefusal, PrintLayout } from './view-model';

/** 不予受理告知书: the reason, where to go instead, and how to appeal (行政复议 / 行政诉讼). */
export function RefusalNoticeDocument({
  printable: p,
  refusal: r,
  layout,
}: {
  printable: PrintableCase;
  refusal: PrintableRefusal;
  layout: PrintLayout;
}) {
  return (
    <DocumentFrame
      printable={p}
      layout={layout}
      title="不予受理告知书"
      dateLabel="告知日期"
      date={r.refusedOn}
      signers={['窗口人员签字', p.agent !== undefined ? '代办人签收' : '申请人签收']}
    >
      <FactTable facts={[...caseFacts(p), { label: '申请日期', value: formatChineseDate(p.receivedOn) }]} />
      <p className="doc-salutation">{p.resident.name}：</p>
      <p className="doc-para">
        您于{formatChineseDate(p.receivedOn)}申请办理的“{p.matter.name}”事项，经审查，决定不予受理。理由如下：
      </p>
      <p className="doc-box">{r.reason}</p>
      <p className="doc-para">建议您向以下单位咨询办理：</p>
      <FactTable
        facts={[
          { label: '受理单位', value: r.referTo.office },
          r.referTo.address !== undefined && { label: '地址', value: r.referTo.address },
          r.referTo.phone !== undefined && { label: '联系电话', value: <span className="doc-code">{r.referTo.phone}</span> },
        ]}
      />
      <p className="doc-para">{r.appealText}</p>
      <p className="doc-para">经办人：{r.clerkName}</p>
    </DocumentFrame>
  );
}
