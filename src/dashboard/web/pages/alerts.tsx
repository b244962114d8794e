import { AnomalyTable, sortAnomalies } from '../components/anomaly-table.js';
import { FilterToggle } from '../components/filter-toggle.js';
import { OptionSelect } from '../components/option-select.js';
import { Async } from '../components/states.js';
import { api } from '../lib/api.js';
import { setSearchParams } from '../lib/router.js';
import type { Severity } from '../lib/types.js';
import { usePoll } from '../lib/use-poll.js';
import { usePostNames } from '../lib/use-post-names.js';

const WINDOWS = [1, 6, 24, 72, 168];
const SEVERITIES: Severity[] = ['high', 'medium', 'low'];

export function AlertsPage({ search }: { search: URLSearchParams }) {
  const hoursParam = Number(search.get('hours'));
  const hours = WINDOWS.includes(hoursParam) ? hoursParam : 24;
  const severity = SEVERITIES.find((s) => s === search.get('severity'));
  const names = usePostNames();
  const anomalies = usePoll(`anomalies:${hours}:${severity ?? ''}`, (s) =>
    api.anomalies({ hours, severity }, s),
  );
  return (
    <>
      <h1>Anomalies</h1>
      <p class="lede">
        A viral-coefficient drop of more than 30 % against the persona’s baseline is high severity (and
        alerts); a trajectory below −50 is medium; pattern fatigue above 0.8 is low.
      </p>
      <FilterToggle controls="anomaly-filters" active={(hours === 24 ? 0 : 1) + (severity ? 1 : 0)} />
      <div class="toolbar" id="anomaly-filters">
        <label class="field">
          <span>Window</span>
          <select
            value={String(hours)}
            onChange={(e) => setSearchParams({ hours: e.currentTarget.value })}
            data-testid="anomaly-hours"
          >
            {WINDOWS.map((h) => (
              <option key={h} value={String(h)}>
                Last {h < 48 ? `${h} h` : `${h / 24} days`}
              </option>
            ))}
          </select>
        </label>
        <OptionSelect
          label="Severity"
          any="Any severity"
          options={SEVERITIES}
          value={severity ?? ''}
          onChange={(v) => setSearchParams({ severity: v })}
          testId="anomaly-severity"
        />
      </div>
      <Async
        state={anomalies}
        isEmpty={(a) => a.length === 0}
        empty={`No ${severity ? `${severity}-severity ` : ''}anomalies in this window.`}
      >
        {(a) => (
          <AnomalyTable
            items={sortAnomalies(a)}
            caption={`${a.length} anomalies, newest first`}
            posts={names}
            testId="anomalies-table"
          />
        )}
      </Async>
    </>
  );
}
