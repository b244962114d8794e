// Writes deploy/kubernetes/base/prometheusrule.yaml from deploy/prometheus/rules.yml: the same
// groups, under a PrometheusRule's `spec`, so that plain Prometheus and the Prometheus Operator
// load one set of rules. `npx tsx scripts/deploy/render-prometheusrule.ts --check` exits 1 when
// the committed file differs (test/deploy/manifests.test.ts runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const rulesPath = fileURLToPath(new URL('../../deploy/prometheus/rules.yml', import.meta.url));
const outPath = fileURLToPath(new URL('../../deploy/kubernetes/base/prometheusrule.yaml', import.meta.url));

/** The PrometheusRule text for the rules file's text (its leading comment block is left out). */
export function render(rules: string): string {
  const lines = rules.split('\n');
  const body = lines.slice(lines.findIndex((l) => l.startsWith('groups:')));
  while (body.at(-1) === '') body.pop();
  return [
    '# GENERATED from deploy/prometheus/rules.yml by scripts/deploy/render-prometheusrule.ts:',
    '# edit the rules there and run the script again.',
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata:',
    '  name: threads-agent',
    '  labels:',
    '    app.kubernetes.io/name: threads-agent',
    'spec:',
    ...body.map((l) => (l === '' ? '' : `  ${l}`)),
    '',
  ].join('\n');
}

const expected = render(readFileSync(rulesPath, 'utf8'));
if (process.argv.includes('--check')) {
  let actual = '';
  try {
    actual = readFileSync(outPath, 'utf8');
  } catch {
    // missing counts as different
  }
  if (actual !== expected) {
    process.stderr.write(`${outPath} is out of date: run npx tsx scripts/deploy/render-prometheusrule.ts\n`);
    process.exit(1);
  }
} else {
  writeFileSync(outPath, expected);
}
