import { z } from 'zod';
import { HANDOVER_NOTE_MAX } from '../../store/shifts';

/** The 交接班 form at shift end; messages are Chinese and show next to the field. */
export const HandoverFormSchema = z.object({
  // Required on purpose: a handover with nothing said is indistinguishable from one forgotten.
  note: z.string().trim().min(1, '请填写需关注事项，没有请填写“无”').max(HANDOVER_NOTE_MAX, `需关注事项最多 ${HANDOVER_NOTE_MAX} 字`),
});
export type HandoverFormValues = z.output<typeof HandoverFormSchema>;
