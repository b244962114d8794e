import { useState } from 'preact/hooks';
import { Async } from '../components/states.js';
import { contentApi, DAYS, formatRate, type Draft } from '../lib/content-api.js';
import { formatDateTime, truncate } from '../lib/format.js';
import { usePoll } from '../lib/use-poll.js';

/** Scheduled and recently published drafts, and each account's best hours to post. */
export function CalendarPage() {
  const scheduled = usePoll('calendar:scheduled', (s) =>
    contentApi.drafts({ status: 'scheduled', limit: 200 }, s),
  );
  const published = usePoll('calendar:published', (s) =>
    contentApi.drafts({ status: 'published', limit: 50 }, s),
  );
  const personas = usePoll('personas', (s) => contentApi.personas(s), 60_000);
  const accounts = [...new Set((personas.data ?? []).map((p) => p.account_id))];
  const [account, setAccount] = useState('');
  const chosen = account || accounts[0] || '';
  return (
    <>
      <h1>Calendar</h1>
      <h2>Scheduled</h2>
      <Async state={scheduled} isEmpty={(d) => d.length === 0} empty="Nothing is scheduled.">
        {(d) => (
          <Schedule
            drafts={[...d].sort(
              (a, b) => Date.parse(a.scheduled_at ?? '') - Date.parse(b.scheduled_at ?? ''),
            )}
            testId="calendar-scheduled"
            when="scheduled_at"
          />
        )}
      </Async>
      <h2>Published</h2>
      <Async state={published} isEmpty={(d) => d.length === 0} empty="Nothing published from drafts yet.">
        {(d) => <Schedule drafts={d} testId="calendar-published" when="published_at" />}
      </Async>
      <h2>Best times to post</h2>
      <label class="field">
        <span>Account</span>
        <select
          value={chosen}
          onChange={(e) => setAccount(e.currentTarget.value)}
          data-testid="best-times-account"
        >
          {accounts.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      {chosen && <BestTimesTable account={chosen} />}
    </>
  );
}

function Schedule({
  drafts,
  testId,
  when,
}: {
  drafts: Draft[];
  testId: string;
  when: 'scheduled_at' | 'published_at';
}) {
  return (
    <div
      class="table-wrap"
      tabIndex={0}
      role="region"
      aria-label={when === 'scheduled_at' ? 'Scheduled posts' : 'Published posts'}
    >
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">When (your time)</th>
            <th scope="col">Persona</th>
            <th scope="col">Draft</th>
            <th scope="col" class="num">
              Predicted
            </th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((d) => (
            <tr key={d.id} data-draft-id={d.id}>
              <td>
                <time dateTime={d[when] ?? ''}>{formatDateTime(d[when])}</time>
              </td>
              <td>{d.persona_id}</td>
              <td>{truncate(d.text, 90)}</td>
              <td class="num">{formatRate(d.predicted_engagement.mean)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BestTimesTable({ account }: { account: string }) {
  const best = usePoll(`best-times:${account}`, (s) => contentApi.bestTimes(account, s), 60_000);
  return (
    <Async state={best}>
      {(b) => (
        <>
          <p class="small">
            From {b.posts} measured posts; account mean {formatRate(b.account_mean)}. Each hour’s mean is
            pulled toward it until the hour has posts of its own.
          </p>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Best times to post">
            <table data-testid="best-times">
              <thead>
                <tr>
                  <th scope="col">Day (UTC)</th>
                  <th scope="col">Hour (UTC)</th>
                  <th scope="col" class="num">
                    Posts
                  </th>
                  <th scope="col" class="num">
                    Expected engagement
                  </th>
                </tr>
              </thead>
              <tbody>
                {b.slots.map((s) => (
                  <tr key={`${s.day}:${s.hour}`}>
                    <td>{DAYS[s.day]}</td>
                    <td>{String(s.hour).padStart(2, '0')}:00</td>
                    <td class="num">{s.posts}</td>
                    <td class="num">{formatRate(s.score)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Async>
  );
}
