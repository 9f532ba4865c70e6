import { DeferralNoticeDocument } from './DeferralNoticeDocument';
import { NoticeDocument } from './NoticeDocument';
import { ReceiptDocument } from './ReceiptDocument';
import { ReferralSlipDocument } from './ReferralSlipDocument';
import { RefusalNoticeDocument } from './RefusalNoticeDocument';
import type { PrintableCase, PrintLayout } from './view-model';

export type CaseDocumentKind = 'receipt' | 'notice' | 'deferral' | 'refusal' | 'referral';

export const CASE_DOCUMENT_TITLES: Record<CaseDocumentKind, string> = {
  receipt: '受理回执',
  notice: '一次性告知书',
  deferral: '容缺受理通知书',
  refusal: '不予受理告知书',
  referral: '首问负责登记转介单',
};

/** The documents a case can print now, in the order a clerk would look for them. */
export function printableKinds(p: PrintableCase): CaseDocumentKind[] {
  const kinds: CaseDocumentKind[] = [];
  if (p.acceptance !== undefined) kinds.push('receipt');
  if (p.notices.length > 0) kinds.push('notice');
  if (p.deferral !== undefined) kinds.push('deferral');
  if (p.refusal !== undefined) kinds.push('refusal');
  if (p.referral !== undefined) kinds.push('referral');
  return kinds;
}

/**
 * One document of a case by kind; renders nothing when the case has no such document (e.g. a receipt before
 * acceptance). The notice is the most recent one issued.
 */
export function CaseDocument({ kind, layout, printable: p }: { kind: CaseDocumentKind; layout: PrintLayout; printable: PrintableCase }) {
  switch (kind) {
    case 'receipt':
      return p.acceptance ? <ReceiptDocument printable={p} acceptance={p.acceptance} layout={layout} /> : null;
    case 'notice': {
      const notice = p.notices.at(-1);
      return notice ? <NoticeDocument printable={p} notice={notice} layout={layout} /> : null;
    }
    case 'deferral':
      return p.deferral ? <DeferralNoticeDocument printable={p} deferral={p.deferral} layout={layout} /> : null;
    case 'refusal':
      return p.refusal ? <RefusalNoticeDocument printable={p} refusal={p.refusal} layout={layout} /> : null;
    case 'referral':
      return p.referral ? <ReferralSlipDocument printable={p} referral={p.referral} layout={layout} /> : null;
  }
}
