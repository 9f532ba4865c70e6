import { maskIdNumber, maskPhone } from '@shared/domain/mask';
import { ID_DOCUMENT_TYPE_LABELS, RESIDENT_FLAG_LABELS, SEX_LABELS, type Resident } from '@shared/domain/resident';

/** What a list row or card shows of a resident: ID numbers and phones masked (personal data, hall screens). */
export type ResidentDisplay = {
  name: string;
  documentLabel: string;
  maskedDocument: string;
  maskedPhone: string | null;
  address: string | null;
  sex: string | null;
  flags: string[];
};

export function residentDisplay(resident: Resident): ResidentDisplay {
  const a = resident.address;
  return {
    name: resident.name,
    documentLabel: ID_DOCUMENT_TYPE_LABELS[resident.document.type],
    maskedDocument: maskIdNumber(resident.document.number),
    maskedPhone: resident.phone === undefined ? null : maskPhone(resident.phone),
    address: a ? `${a.building}${a.unit ?? ''}${a.room}室`.replace(/室室$/, '室') : null,
    sex: resident.sex === undefined ? null : SEX_LABELS[resident.sex],
    flags: resident.flags.map((f) => RESIDENT_FLAG_LABELS[f]),
  };
}
