import { useState } from 'preact/hooks';
import { ApiError } from '../../chat/api';
import type { ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { agentPath, navigate } from '../shell/router';
import { fieldProblems, Problem } from '../ui/problem';
import { t } from '../words';
import { ConfigEditor, parseConfig, STARTER_CONFIG } from './config-editor';

/** A new agent from a name and a JSON config; the server's validation error is shown at its path. */
export function NewAgentPage({ api, onUnauthorized }: { api: ManagementApi; onUnauthorized(): void }) {
  const [name, setName] = useState('');
  const [text, setText] = useState(STARTER_CONFIG);
  const { run, error, busy } = useApiCall(onUnauthorized);

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const created = await api.createAgent(name.trim(), parseConfig(text));
      navigate(agentPath(created.name));
    });
  };
  // A refusal of the name belongs beside the name; anything else (the config) beside the editor.
  const nameRefused = (error instanceof ApiError && error.code === 'conflict') || fieldProblems(error).some((field) => /^(body\.)?name$/.test(field.path));

  return (
    <section>
      <h1>{t('agents.new')}</h1>
      <form class="stack" onSubmit={submit}>
        <label for="agent-name">{t('common.name')}</label>
        <input id="agent-name" value={name} maxLength={100} required onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        {nameRefused && <Problem error={error} />}
        <ConfigEditor id="agent-config" text={text} onText={setText} error={nameRefused ? undefined : error} />
        <div>
          <button type="submit" class="primary" disabled={busy || !name.trim()}>
            {busy ? t('common.creating') : t('agents.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
