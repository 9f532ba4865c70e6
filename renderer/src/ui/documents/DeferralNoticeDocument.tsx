import { caseFacts, handlingText } from './CaseFacts';
import { DocumentFrame } from './DocumentFrame';
import { FactTable } from './FactTable';
import { formatChineseDate } from './format';
import { MaterialList } from './MaterialList';
import type { PrintableCase, PrintableDeferral, PrintLayout } from './view-model';

/** 容缺受理通知书: accepted now; the listed secondary materials are owed by the due date, as the resident promised. */
export function DeferralNoticeDocument({
  printable: p,
  deferral: d,
  layout,
}: {
  printable: PrintableCase;
  deferral: PrintableDeferral;
  layout: PrintLayout;
}) {
  return (
    <DocumentFrame
      printable={p}
      layout={layout}
      title="容缺受理通知书"
      dateLabel="受理日期"
      date={d.acceptedOn}
      signers={['窗口人员签字', p.agent !== undefined ? '代办人（承诺人）签字' : '申请人（承诺人）签字']}
    >
      <FactTable
        facts={[
          ...caseFacts(p),
          { label: '办件类型', value: handlingText(p.matter) },
          d.deadline !== undefined && { label: '承诺办结日期', value: formatChineseDate(d.deadline) },
          { label: '补齐期限', value: formatChineseDate(d.dueDate) },
        ]}
      />
      <p className="doc-salutation">{p.resident.name}：</p>
      <p className="doc-para">
        {/* Chinese has no spaces between sentences: line breaks here sit next to an expression, where JSX adds none. */}
        您于{formatChineseDate(d.acceptedOn)}申请办理的“{p.matter.name}”事项，基本条件具备、主要申请材料齐全且符合法定形式，部分次要材料暂缺。
        {'根据容缺受理有关规定和您作出的书面承诺，本大厅予以容缺受理。'}请于<strong>{formatChineseDate(d.dueDate)}</strong>
        前补齐以下材料（共{d.deferred.length}项）：
      </p>
      <MaterialList items={d.deferred} />
      <p className="doc-salutation">申请人承诺：</p>
      <p className="doc-box">{d.promiseText}</p>
      <p className="doc-para">逾期未补齐容缺材料的，按容缺受理有关规定处理。</p>
      <p className="doc-para">经办人：{d.clerkName}</p>
    </DocumentFrame>
  );
}
