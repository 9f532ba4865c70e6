import { caseFacts } from './CaseFacts';
import { DocumentFrame } from './DocumentFrame';
import { FactTable } from './FactTable';
import { formatChineseDate } from './format';
import { MaterialList } from './MaterialList';
import type { PrintableCase, PrintableNotice, PrintLayout } from './view-model';

/**
 * 一次性告知书 (补正): every missing material in one go, the legal basis and the date to come back by. Listing
 * all of them on one sheet is the point of 一次性告知: the resident must never be sent home twice.
 */
export function NoticeDocument({
  printable: p,
  notice: n,
  layout,
}: {
  printable: PrintableCase;
  notice: PrintableNotice;
  layout: PrintLayout;
}) {
  return (
    <DocumentFrame
      printable={p}
      layout={layout}
      title="一次性告知书"
      dateLabel="告知日期"
      date={n.issuedOn}
      signers={['窗口人员签字', p.agent !== undefined ? '代办人签收' : '申请人签收']}
    >
      <FactTable facts={[...caseFacts(p), { label: '申请日期', value: formatChineseDate(p.receivedOn) }]} />
      <p className="doc-salutation">{p.resident.name}：</p>
      <p className="doc-para">
        您于{formatChineseDate(p.receivedOn)}申请办理的“{p.matter.name}”事项，经审查，申请材料不齐全或者不符合法定形式。根据
        {n.legalBasis}的规定，现一次性告知您需要补正的全部材料（共{n.missing.length}项）如下：
      </p>
      <MaterialList items={n.missing} />
      <p className="doc-para">
        请于<strong>{formatChineseDate(n.returnBy)}</strong>前携带上述材料到本大厅补正，材料补齐后继续办理。逾期未补正的，需重新提出申请。
      </p>
      <p className="doc-para">告知人：{n.clerkName}</p>
    </DocumentFrame>
  );
}
