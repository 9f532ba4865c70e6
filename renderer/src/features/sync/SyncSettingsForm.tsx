import { useState } from 'react';
import type { SyncSettingsRow } from '../../store/sync-store';
import { SyncWindowSchema } from '../../sync/sync-window';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField, fieldAria } from '../../ui/FormField';
import { SYNC_MODES } from './sync-modes';
import type { SyncRuntime } from './sync-runtime';

export function SyncSettingsForm({ runtime, settings }: { runtime: SyncRuntime; settings: SyncSettingsRow }) {
  const [mode, setMode] = useState(settings.mode);
  const [start, setStart] = useState(settings.window.start);
  const [end, setEnd] = useState(settings.window.end);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const windowError = SyncWindowSchema.safeParse({ start, end }).success ? undefined : '开始和结束时间须为 HH:MM 且不相同';

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    setError(null);
    if (windowError) return;
    try {
      await runtime.connection.send('sync/settings', { mode, window: { start, end } });
      setSaved(true);
    } catch {
      setError('保存失败，请重试');
    }
  }

  return (
    <form onSubmit={(e) => void save(e)} aria-label="同步方式">
      <fieldset className="sync-modes">
        <legend className="form-field__label">何时同步</legend>
        {SYNC_MODES.map((m) => (
          <label key={m.value} className="sync-modes__option">
            <input type="radio" name="sync-mode" value={m.value} checked={mode === m.value} onChange={() => setMode(m.value)} />
            <span>{m.label}</span>
            <span className="muted">{m.hint}</span>
          </label>
        ))}
      </fieldset>
      {mode === 'window' ? (
        <div className="form-row">
          <FormField id="sync-window-start" label="时段开始" error={windowError}>
            <input {...fieldAria('sync-window-start', windowError)} type="time" value={start} onChange={(e) => setStart(e.target.value)} />
          </FormField>
          <FormField id="sync-window-end" label="时段结束（可跨午夜）">
            <input id="sync-window-end" type="time" value={end} onChange={(e) => setEnd(e.target.value)} />
          </FormField>
        </div>
      ) : null}
      {error ? <ErrorNotice message={error} /> : null}
      <Button type="submit">保存同步方式</Button>
      {saved ? (
        <span className="success-notice" role="status">
          {' '}
          已保存
        </span>
      ) : null}
    </form>
  );
}
