import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, type KeyboardEvent } from 'react';
import { useForm } from 'react-hook-form';
import type { Agent } from '@shared/domain/case/events';
import { Button } from '../../ui/Button';
import { FormField, fieldAria } from '../../ui/FormField';
import { IdDocumentFields, IssuingCountryField } from '../../ui/resident-form/IdDocumentFields';
import { AGENT_RELATIONS, agentFormSchema, toAgent, type AgentFormInput, type AgentFormValues } from './intake-forms';

type Props = { today: string; onSave: (agent: Agent) => void; onCancel: () => void };

/** 代办人: who stands at the window for the resident. Both are recorded on the case (`received.agent`). */
export function AgentForm({ today, onSave, onCancel }: Props) {
  const schema = useMemo(() => agentFormSchema(today), [today]);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<AgentFormInput, unknown, AgentFormValues>({
    resolver: zodResolver(schema),
    defaultValues: { name: '', documentType: 'resident-id', documentNumber: '', country: '', relation: '' },
  });
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    }
  };
  return (
    <form
      className="intake-agent"
      aria-label="代办人信息"
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={handleSubmit((v) => onSave(toAgent(v, today)))}
    >
      <div className="form-row">
        <FormField id="intake-agent-name" label="代办人姓名" required error={errors.name?.message}>
          <input {...fieldAria('intake-agent-name', errors.name?.message)} autoComplete="off" autoFocus {...register('name')} />
        </FormField>
        <IdDocumentFields
          idPrefix="intake-agent"
          labelPrefix="代办人"
          typeField={register('documentType')}
          numberField={register('documentNumber')}
          typeError={errors.documentType?.message}
          numberError={errors.documentNumber?.message}
        />
        <IssuingCountryField idPrefix="intake-agent" field={register('country')} error={errors.country?.message} shownForPassportOnly={false} />
        <FormField id="intake-agent-relation" label="与申请人关系" required error={errors.relation?.message}>
          <input
            {...fieldAria('intake-agent-relation', errors.relation?.message)}
            list="intake-agent-relations"
            autoComplete="off"
            {...register('relation')}
          />
        </FormField>
        <datalist id="intake-agent-relations">
          {AGENT_RELATIONS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary">
          保存代办人
        </Button>
        <Button onClick={onCancel}>
          取消 <kbd aria-hidden="true">Esc</kbd>
        </Button>
      </div>
    </form>
  );
}
