import { useEffect, useState } from 'preact/hooks';
import type { ManagementApi, Tenant } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { t } from './budget-words';

/**
 * The tenant's daily token budget (docs/management-api.md "Cost guards"): read by its owners, set or
 * removed by the platform's administrator, whose key alone may (`canSet`).
 */
export function BudgetPage({ api, tenantId, canSet, onUnauthorized }: { api: ManagementApi; tenantId: string; canSet: boolean; onUnauthorized(): void }) {
  const [tenant, setTenant] = useState<Tenant>();
  const [tokens, setTokens] = useState('');
  const [saved, setSaved] = useState<string>();
  const load = useApiCall(onUnauthorized);
  const save = useApiCall(onUnauthorized);
  useEffect(() => {
    void load.run(async () => {
      const found = (await api.tenants()).tenants.find((one) => one.id === tenantId);
      setTenant(found);
      setTokens(found?.tokens_per_day ? String(found.tokens_per_day) : '');
    });
  }, [api, tenantId]);

  const set = (value: number | null) =>
    void save.run(async () => {
      setSaved(undefined);
      const updated = await api.updateTenant(tenantId, { tokens_per_day: value });
      setTenant(updated);
      setTokens(updated.tokens_per_day ? String(updated.tokens_per_day) : '');
      setSaved(updated.tokens_per_day ? t('budget.saved', { tokens: t.number(updated.tokens_per_day) }) : t('budget.removed'));
    });
  const budget = tenant?.tokens_per_day;

  return (
    <section aria-labelledby="budget-title" class="page-stack">
      <h1 id="budget-title">{t('section.budget')}</h1>
      <p class="muted">{t('budget.intro')}</p>
      <Problem error={load.error} />
      {tenant && (
        <div class="panel stack">
          <h2>{t('budget.now')}</h2>
          <p class="figure-line" data-budget={budget ?? 'none'}>
            {budget ? t('budget.perDay', { tokens: t.number(budget) }) : t('budget.none')}
          </p>
          {canSet ? (
            <form
              class="stack"
              onSubmit={(event) => {
                event.preventDefault();
                set(Number(tokens));
              }}
            >
              <label for="budget-tokens">{t('budget.tokens')}</label>
              <input
                id="budget-tokens"
                type="number"
                min={1}
                step={1}
                required
                value={tokens}
                aria-describedby="budget-tokens-hint"
                onInput={(e) => setTokens((e.target as HTMLInputElement).value)}
              />
              <small id="budget-tokens-hint" class="muted">
                {t('budget.tokensHint')}
              </small>
              <Problem error={save.error} />
              <div class="actions">
                <button type="submit" class="primary" disabled={save.busy || !tokens.trim()}>
                  {t('budget.save')}
                </button>
                {budget !== null && budget !== undefined && (
                  <button type="button" disabled={save.busy} onClick={() => set(null)}>
                    {t('budget.remove')}
                  </button>
                )}
              </div>
              <Notice text={saved} />
            </form>
          ) : (
            <p class="muted">{t('budget.adminOnly')}</p>
          )}
        </div>
      )}
      <p class="muted">{t('budget.links')}</p>
    </section>
  );
}
