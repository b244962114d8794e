import { useState } from 'preact/hooks';
import { countOf, DataTable, RowActions } from '../components/data-table.js';
import { ListAndForm } from '../components/list-and-form.js';
import { OptionSelect } from '../components/option-select.js';
import { Async, Notice } from '../components/states.js';
import { confirmedAction, errorMessage } from '../lib/actions.js';
import { api } from '../lib/api.js';
import { formatDateTime, formatNumber, formatRelative, humanize, truncate } from '../lib/format.js';
import { setSearchParams } from '../lib/router.js';
import { draftFromRule, EMPTY_DRAFT, parseDraft, type RuleDraft } from '../lib/rule-form.js';
import { DM_STATUSES, INTENTS, type DmRule } from '../lib/types.js';
import { useServerNow } from '../lib/server-clock.js';
import { usePoll } from '../lib/use-poll.js';

export function DmsPage({ search }: { search: URLSearchParams }) {
  const rules = usePoll('dm-rules', (s) => api.dmRules(s));
  const statusParam = search.get('status');
  const status = DM_STATUSES.find((s) => s === statusParam);
  const outbox = usePoll(`dm-outbox:${status ?? ''}`, (s) => api.dmOutbox({ status, limit: 100 }, s));
  const [editing, setEditing] = useState<DmRule | null>(null);
  const [notice, setNotice] = useState('');
  const now = useServerNow();

  const remove = (rule: DmRule) =>
    confirmedAction({
      question: `Delete the rule “${rule.name}”? DMs already queued by it stay in the outbox.`,
      run: async () => {
        await api.deleteDmRule(rule.id);
        if (editing?.id === rule.id) setEditing(null);
        rules.reload();
      },
      done: `Deleted “${rule.name}”.`,
      failed: `Could not delete “${rule.name}”`,
      say: setNotice,
    });

  return (
    <>
      <h1>DMs</h1>
      <p class="lede">
        Rules send a templated DM when a comment shows an intent (score at or above the threshold) or contains
        a keyword — at most once per post, author and rule, never to spam, and within the daily cap per
        account.
      </p>
      <Notice text={notice} />
      <ListAndForm
        listId="rules-heading"
        title="Rules"
        list={
          <>
            <Async
              state={rules}
              isEmpty={(r) => r.length === 0}
              empty="No DM rules yet: create one with the form."
            >
              {(list) => (
                <DataTable
                  testId="dm-rules"
                  caption={countOf(list.length, 'rule', 'rules')}
                  actions
                  columns={['Name', 'Trigger', 'Message', 'State']}
                >
                  {list.map((r) => (
                    <tr key={r.id} data-rule-id={r.id}>
                      <td class="rule-name">
                        {r.name}
                        {r.account_id && <div class="small muted">{r.account_id}</div>}
                      </td>
                      <td data-label="Trigger">{describeTrigger(r)}</td>
                      <td class="small" data-label="Message">
                        {truncate(r.template, 80)}
                      </td>
                      <td data-label="State">
                        {r.enabled ? 'On' : 'Off'}
                        {r.delivery === 'public_reply' && <div class="small muted">public reply</div>}
                      </td>
                      <RowActions
                        name={r.name}
                        onEdit={() => setEditing(r)}
                        onDelete={() => void remove(r)}
                      />
                    </tr>
                  ))}
                </DataTable>
              )}
            </Async>
          </>
        }
        formId="rule-form-heading"
        formTitle={editing ? `Edit “${editing.name}”` : 'New rule'}
        form={
          <>
            <RuleForm
              key={editing?.id ?? 'new'}
              rule={editing}
              onDone={(message) => {
                setNotice(message);
                setEditing(null);
                rules.reload();
              }}
              onCancel={() => setEditing(null)}
            />
          </>
        }
      />

      <section aria-labelledby="outbox-heading">
        <h2 id="outbox-heading">Outbox</h2>
        <div class="toolbar">
          <OptionSelect
            label="Status"
            any="Any status"
            options={DM_STATUSES}
            value={status ?? ''}
            onChange={(v) => setSearchParams({ status: v })}
            testId="outbox-status"
          />
        </div>
        <Async state={outbox} isEmpty={(r) => r.items.length === 0} empty="No DMs in the outbox.">
          {(r) => (
            <DataTable
              testId="dm-outbox"
              caption={`${formatNumber(r.items.length)} most recent DMs`}
              columns={['Created', 'To', 'Message', 'Status', { num: 'Attempts' }, 'Sent']}
            >
              {r.items.map((m) => (
                <tr key={m.id}>
                  <td data-label="Created">
                    <time dateTime={m.created_at} title={m.created_at}>
                      {formatRelative(m.created_at, now)}
                    </time>
                  </td>
                  <td data-label="To">@{m.author}</td>
                  <td class="small" data-label="Message">
                    {truncate(m.message, 100)}
                  </td>
                  <td>
                    <span class={`badge dm-${m.status}`}>{humanize(m.status)}</span>
                    {m.last_error && <div class="small muted">{m.last_error}</div>}
                  </td>
                  <td class="num" data-label="Attempts">
                    {m.attempts}
                  </td>
                  <td data-label="Sent">{formatDateTime(m.sent_at)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </Async>
      </section>
    </>
  );
}

function describeTrigger(r: DmRule): string {
  const parts: string[] = [];
  if (r.intent) parts.push(`${humanize(r.intent)} ≥ ${r.threshold ?? '?'}`);
  if (r.keywords.length > 0) parts.push(`keyword ${r.keywords.map((k) => `“${k}”`).join(', ')}`);
  return parts.join(r.match === 'all' ? ' and ' : ' or ') || '—';
}

function RuleForm({
  rule,
  onDone,
  onCancel,
}: {
  rule: DmRule | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<RuleDraft>(rule ? draftFromRule(rule) : EMPTY_DRAFT);
  const [errors, setErrors] = useState<Partial<Record<keyof RuleDraft, string>>>({});
  const [serverError, setServerError] = useState('');
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof RuleDraft>(k: K, v: RuleDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const submit = async (e: Event) => {
    e.preventDefault();
    const parsed = parseDraft(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setServerError('');
    setSaving(true);
    try {
      if (rule) await api.updateDmRule(rule.id, parsed.body);
      else await api.createDmRule(parsed.body);
      if (!rule) setDraft(EMPTY_DRAFT);
      onDone(rule ? `Saved “${parsed.body.name}”.` : `Created “${parsed.body.name}”.`);
    } catch (err) {
      setServerError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const err = (k: keyof RuleDraft) =>
    errors[k] ? (
      <span class="field-error" id={`rule-${k}-error`}>
        {errors[k]}
      </span>
    ) : null;
  const described = (k: keyof RuleDraft) =>
    errors[k] ? { 'aria-invalid': true, 'aria-describedby': `rule-${k}-error` } : {};
  // One id per form instance: the form is re-mounted per edited rule.
  const id = (k: keyof RuleDraft) => `rule-${rule?.id ?? 'new'}-${k}`;

  return (
    <form class="rule-form" onSubmit={(e) => void submit(e)} noValidate data-testid="rule-form">
      {serverError && (
        <p class="state state-error" role="alert">
          {serverError}
        </p>
      )}
      <div class="field">
        <label for={id('name')}>Name</label>
        <input
          id={id('name')}
          value={draft.name}
          onInput={(e) => set('name', e.currentTarget.value)}
          required
          {...described('name')}
        />
        {err('name')}
      </div>
      <div class="field">
        <label for={id('account_id')}>Account (empty = every account)</label>
        <input
          id={id('account_id')}
          value={draft.account_id}
          onInput={(e) => set('account_id', e.currentTarget.value)}
        />
      </div>
      <div class="row">
        <div class="field">
          <label for={id('intent')}>Intent</label>
          <select
            id={id('intent')}
            value={draft.intent}
            onChange={(e) => set('intent', e.currentTarget.value)}
            {...described('intent')}
          >
            <option value="">None (keywords only)</option>
            {INTENTS.filter((i) => i !== 'spam').map((i) => (
              <option key={i} value={i}>
                {humanize(i)}
              </option>
            ))}
          </select>
          {err('intent')}
        </div>
        <div class="field">
          <label for={id('threshold')}>Threshold (0–1)</label>
          <input
            id={id('threshold')}
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={draft.threshold}
            disabled={!draft.intent}
            onInput={(e) => set('threshold', e.currentTarget.value)}
            {...described('threshold')}
          />
          {err('threshold')}
        </div>
      </div>
      <div class="field">
        <label for={id('keywords')}>Keywords (comma-separated)</label>
        <input
          id={id('keywords')}
          value={draft.keywords}
          placeholder="LINK, price"
          onInput={(e) => set('keywords', e.currentTarget.value)}
          {...described('keywords')}
        />
        {err('keywords')}
      </div>
      <fieldset class="field">
        <legend>With an intent and keywords, send when</legend>
        <label class="inline">
          <input
            type="radio"
            name="match"
            checked={draft.match === 'any'}
            onChange={() => set('match', 'any')}
          />{' '}
          either matches
        </label>
        <label class="inline">
          <input
            type="radio"
            name="match"
            checked={draft.match === 'all'}
            onChange={() => set('match', 'all')}
          />{' '}
          both match
        </label>
      </fieldset>
      <div class="field">
        <label for={id('template')}>Message</label>
        <textarea
          id={id('template')}
          rows={4}
          value={draft.template}
          onInput={(e) => set('template', e.currentTarget.value)}
          aria-describedby={
            errors.template ? `rule-template-error ${id('template')}-help` : `${id('template')}-help`
          }
          {...(errors.template ? { 'aria-invalid': true } : {})}
        />
        <span class="small muted" id={`${id('template')}-help`}>
          Placeholders: {'{author}'}, {'{post_url}'} and your variables.
        </span>
        {err('template')}
      </div>
      <div class="field">
        <label for={id('variables')}>Variables (name=value, one per line)</label>
        <textarea
          id={id('variables')}
          rows={2}
          value={draft.variables}
          onInput={(e) => set('variables', e.currentTarget.value)}
          {...described('variables')}
        />
        {err('variables')}
      </div>
      <div class="field">
        <label for={id('delivery')}>Delivery</label>
        <select
          id={id('delivery')}
          value={draft.delivery}
          onChange={(e) => set('delivery', e.currentTarget.value === 'public_reply' ? 'public_reply' : 'dm')}
          {...described('delivery')}
        >
          <option value="dm">Direct message (webhook)</option>
          <option value="public_reply">Public reply on Threads</option>
        </select>
        {err('delivery')}
      </div>
      <label class="inline">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => set('enabled', e.currentTarget.checked)}
        />{' '}
        Enabled
      </label>
      <div class="actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
        </button>
        {rule && (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
