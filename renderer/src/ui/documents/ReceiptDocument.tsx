import { caseFacts, handlingText } from './CaseFacts';
import { DocumentFrame } from './DocumentFrame';
import { FactTable } from './FactTable';
import { formatChineseDate, formatChineseDateTime } from './format';
import { MaterialList } from './MaterialList';
import type { PrintableAcceptance, PrintableCase, PrintLayout } from './view-model';

/** 受理回执: proof the case was accepted, with the promised completion date of a 承诺件. */
export function ReceiptDocument({
  printable: p,
  acceptance: a,
  layout,
}: {
  printable: PrintableCase;
  acceptance: PrintableAcceptance;
  layout: PrintLayout;
}) {
  const immediate = p.matter.handling === 'immediate';
  return (
    <DocumentFrame
      printable={p}
      layout={layout}
      title="受理回执"
      dateLabel="受理日期"
      date={a.acceptedOn}
      signers={['窗口人员签字', p.agent !== undefined ? '代办人签字' : '申请人签字']}
    >
      <FactTable
        facts={[
          ...caseFacts(p),
          { label: '办件类型', value: handlingText(p.matter) },
          { label: '受理时间', value: formatChineseDateTime(a.acceptedAt) },
          a.deadline !== undefined && { label: '承诺办结日期', value: formatChineseDate(a.deadline) },
          a.completedOn !== undefined && { label: '办结日期', value: formatChineseDate(a.completedOn) },
          p.matter.legalBasis !== undefined && { label: '设定依据', value: p.matter.legalBasis },
          {
            label: '已收材料',
            value: a.materials.length > 0 ? <MaterialList items={a.materials} /> : '无',
          },
          { label: '受理人', value: a.clerkName },
        ]}
      />
      <p className="doc-para">
        您的申请已受理。
        {immediate
          ? '本事项为即办件，当场办结。'
          : `本事项为承诺件，我们将在${a.deadline !== undefined ? formatChineseDate(a.deadline) : '承诺时限'}前办结并通知您。`}
        {p.deferral !== undefined && `本件为容缺受理，请于${formatChineseDate(p.deferral.dueDate)}前补齐容缺材料。`}
      </p>
      <p className="doc-para">请妥善保管本回执，凭办件编号查询办理进度、领取办理结果。</p>
    </DocumentFrame>
  );
}
