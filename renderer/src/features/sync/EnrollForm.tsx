import { useState } from 'react';
import { messageFor } from '@shared/errors/messages.zh-CN';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { FormField, fieldAria } from '../../ui/FormField';
import { SECRET_KEY, type SyncRuntime } from './sync-runtime';

type EnrollFormProps = {
  runtime: SyncRuntime;
  /** Enrolling again: the worker sends the credential held until now, so sync continues where it stopped. */
  reenrol?: boolean;
  initialServerUrl?: string;
  onDone?: () => void;
};

/** 登记: the one-time code from the district admin (`npm run server:admin -- enroll-code`) for this hall. */
export function EnrollForm({ runtime, reenrol = false, initialServerUrl = '', onDone }: EnrollFormProps) {
  const [serverUrl, setServerUrl] = useState(initialServerUrl);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const reply = await runtime.connection.send('sync/enroll', { serverUrl, code, secretIn: runtime.secretIn });
      if (!reply.ok) {
        setError(reply);
        return;
      }
      if (runtime.secretIn === 'platform') {
        const saved = await runtime.platform.secret.set(SECRET_KEY, reply.secret);
        // The engine keeps the secret in memory, so sync works now; without the keyring it is asked for again
        // after a restart, and the clerk is told so.
        if (!saved.ok) {
          setError({ code: saved.code, message: messageFor(saved.code) });
          return;
        }
      }
      onDone?.();
    } catch {
      setError({ code: 'internal/unexpected', message: messageFor('internal/unexpected') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={reenrol ? '重新登记到区级服务器' : '登记到区级服务器'}>
      <p className="muted">向区级管理员索取本大厅的一次性登记码，输入服务器地址和登记码后点击“登记”。</p>
      {reenrol ? (
        <p className="muted">重新登记时，本机原有的凭据会一并交给服务器核对，同步从原来的进度接着进行，待上传的记录不会丢失。</p>
      ) : null}
      <FormField id="sync-server-url" label="服务器地址" required hint="例如 http://10.0.0.5:8730">
        <input {...fieldAria('sync-server-url', undefined, true)} value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} autoComplete="off" spellCheck={false} />
      </FormField>
      <FormField id="sync-enroll-code" label="登记码" required>
        <input {...fieldAria('sync-enroll-code', undefined)} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />
      </FormField>
      {runtime.secretIn === 'meta' ? <p className="sync-page__warning">浏览器模式：凭据未加密保存在本机浏览器中。</p> : null}
      {error ? <ErrorNotice message={error.message} code={error.code} /> : null}
      <Button type="submit" variant="primary" disabled={busy || serverUrl.trim() === '' || code.trim() === ''}>
        {busy ? '正在登记…' : '登记'}
      </Button>
    </form>
  );
}
