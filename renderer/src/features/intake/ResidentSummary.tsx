import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { maskIdNumber, maskPhone } from '@shared/domain/mask';
import { ID_DOCUMENT_TYPE_LABELS, RESIDENT_FLAG_LABELS } from '@shared/domain/resident';
import { getResident } from '../../store/residents';
import type { StoreContext } from '../../store/store-context';
import { Button } from '../../ui/Button';
import { AgentForm } from './AgentForm';
import { useIntakeStore } from './intake-store';
import { hallToday } from './working-calendar';

/** The resident being served (and the 代办人, if any), shown above the later steps. */
export function ResidentSummary({ ctx, editable }: { ctx: StoreContext; editable: boolean }) {
  const residentId = useIntakeStore((s) => s.residentId);
  const agent = useIntakeStore((s) => s.agent);
  const setAgent = useIntakeStore((s) => s.setAgent);
  const changeResident = useIntakeStore((s) => s.changeResident);
  const resident = useLiveQuery(() => (residentId ? getResident(ctx.db, residentId) : undefined), [ctx.db, residentId]);
  const [editingAgent, setEditingAgent] = useState(false);
  if (!resident) return null;
  return (
    <section className="intake-summary" aria-label="当前居民">
      <p className="intake-summary__line">
        <strong className="intake-summary__name">{resident.name}</strong>
        <span>
          {ID_DOCUMENT_TYPE_LABELS[resident.document.type]} {maskIdNumber(resident.document.number)}
        </span>
        {resident.phone ? <span>{maskPhone(resident.phone)}</span> : null}
        {resident.flags.map((f) => (
          <span key={f} className="badge">
            {RESIDENT_FLAG_LABELS[f]}
          </span>
        ))}
      </p>
      {agent ? (
        <p className="intake-summary__line">
          代办人：<span className="intake-summary__agent">{agent.name}</span>（{agent.relation}，{ID_DOCUMENT_TYPE_LABELS[agent.document.type]}{' '}
          {maskIdNumber(agent.document.number)}）
          {editable ? (
            <Button onClick={() => setAgent(null)} className="button--small">
              移除代办人
            </Button>
          ) : null}
        </p>
      ) : null}
      {editable && !editingAgent ? (
        <p className="intake-summary__actions">
          {agent ? null : <Button onClick={() => setEditingAgent(true)}>添加代办人</Button>}
          <Button onClick={changeResident}>
            更换居民
          </Button>
        </p>
      ) : null}
      {editingAgent ? (
        <AgentForm
          today={hallToday(ctx.now)}
          onCancel={() => setEditingAgent(false)}
          onSave={(a) => {
            setAgent(a);
            setEditingAgent(false);
          }}
        />
      ) : null}
    </section>
  );
}
