import type { Metadata } from 'next';
import { DateTime } from '@/app/_components/date-time';
import { Button, Card, ErrorAlert, PageHeader, SelectField, Table, Td, TextField } from '@/app/_components/ui';
import { requireAgent } from '@/lib/auth/session';
import { AppError, isFieldSummary } from '@/lib/core/errors';
import { formatSpan } from '@/lib/tickets/service-levels';
import { buildReport, percent, reportFilterChoices, reportTables, type Report, type ReportTable, type ReportTableName } from '@/lib/tickets/reports';
import { HorizontalBars, VolumeChart, VolumeLegend, type BarRow } from './charts';

export const metadata: Metadata = { title: 'Reports' };

type Params = Record<string, string | string[] | undefined>;
const labels: Record<string, string> = { from: 'From', to: 'To', interval: 'Per', tag: 'Tag', company: 'Company', agent: 'Agent' };
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const span = (ms: number | null) => (ms === null ? '–' : formatSpan(ms));
const pct = (fraction: number | null) => (fraction === null ? '–' : `${percent(fraction)} %`);

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const agent = await requireAgent();
  const params = await searchParams;
  const query = Object.fromEntries(['from', 'to', 'interval', 'tag', 'company', 'agent'].flatMap((key) => (first(params[key]) ? [[key, first(params[key])!]] : [])));
  let report: Report | null = null;
  let problem: { message: string; fields: Record<string, string> } | null = null;
  try {
    report = buildReport({ agent, query });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // Each field's problem is said beside it as a sentence ("To must be a real date."); the rest above the report.
    const fields = Object.fromEntries(Object.entries(error.fields ?? {}).map(([key, message]) => [key, `${labels[key] ?? key} ${message}.`]));
    problem = { message: isFieldSummary(error) ? 'The report could not be made: check the fields marked above.' : error.message, fields };
  }
  const choices = reportFilterChoices();
  const shown = report ? { ...query, from: report.range.from, to: report.range.to, interval: report.range.interval } : query;
  const tables = report ? reportTables(report) : null;
  const csvHref = (name: ReportTableName) => `/reports/export?${new URLSearchParams({ report: name, ...shown })}`;
  return (
    <>
      <PageHeader title="Reports" />
      <Card className="mb-6">
        <form method="get" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-7 lg:items-end" aria-label="Report filters">
          <TextField label="From" name="from" type="date" defaultValue={shown.from ?? ''} error={problem?.fields.from} />
          <TextField label="To" name="to" type="date" defaultValue={shown.to ?? ''} error={problem?.fields.to} />
          <SelectField label="Per" name="interval" defaultValue={shown.interval ?? 'day'} error={problem?.fields.interval}>
            <option value="day">Day</option>
            <option value="week">Week</option>
          </SelectField>
          <SelectField label="Tag" name="tag" defaultValue={shown.tag ?? ''} error={problem?.fields.tag}>
            <option value="">Any tag</option>
            {choices.tags.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Company" name="company" defaultValue={shown.company ?? ''} error={problem?.fields.company}>
            <option value="">Any company</option>
            {choices.companies.map((company) => (
              <option key={company.id} value={company.id}>
                {company.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Agent" name="agent" defaultValue={shown.agent ?? ''} error={problem?.fields.agent}>
            <option value="">Any agent</option>
            {choices.agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </SelectField>
          <div>
            <Button type="submit">Show report</Button>
          </div>
        </form>
      </Card>
      <ErrorAlert message={problem ? problem.message : null} />
      {report && tables ? <ReportBody report={report} tables={tables} csvHref={csvHref} /> : null}
    </>
  );
}

function ReportBody({ report, tables, csvHref }: { report: Report; tables: Record<ReportTableName, ReportTable>; csvHref: (name: ReportTableName) => string }) {
  const unit = report.businessHours ? 'business hours' : 'hours on the clock';
  const figures = [
    { label: 'Created', value: String(report.totals.created) },
    { label: 'Closed', value: String(report.totals.closed) },
    { label: 'Still open at the end', value: String(report.totals.openAtEnd) },
    { label: 'First response, median', value: span(report.firstResponse.medianMs) },
    { label: 'Resolution, median', value: span(report.resolution.medianMs) },
    { label: 'Rated Good', value: pct(report.satisfaction.share) },
  ];
  const timingRows: BarRow[] = [
    { label: 'First response, median', value: report.firstResponse.medianMs ?? 0, display: span(report.firstResponse.medianMs) },
    { label: 'First response, 90th pct.', value: report.firstResponse.p90Ms ?? 0, display: span(report.firstResponse.p90Ms) },
    { label: 'Resolution, median', value: report.resolution.medianMs ?? 0, display: span(report.resolution.medianMs) },
    { label: 'Resolution, 90th pct.', value: report.resolution.p90Ms ?? 0, display: span(report.resolution.p90Ms) },
  ];
  const shareRows = (rows: Report['satisfactionByAgent']): BarRow[] =>
    rows.map((row) => ({ label: row.name, value: (row.share ?? 0) * 100, display: `${pct(row.share)} of ${row.count}` }));
  const countRows = (rows: { name: string; tickets: number }[]): BarRow[] => rows.map((row) => ({ label: row.name, value: row.tickets, display: String(row.tickets) }));
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700">
        {report.range.from} to {report.range.to}
        {report.filters.tag ? `, tag ${report.filters.tag}` : ''}
        {report.filters.company ? `, ${report.filters.company.name}` : ''}
        {report.filters.agent ? `, assigned to ${report.filters.agent.name}` : ''}. Times in {unit}.{' '}
        {report.limitedToVisible ? 'Only the tickets you may see (unassigned and yours) are counted. ' : ''}
        {report.asOf ? (
          <>
            Figures include changes up to <DateTime value={report.asOf} />.
          </>
        ) : (
          'Figures are being prepared in the background.'
        )}
      </p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {figures.map((figure) => (
          <div key={figure.label} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
            <dt className="text-xs text-slate-600">{figure.label}</dt>
            <dd className="text-xl font-semibold text-slate-900">{figure.value}</dd>
          </div>
        ))}
      </dl>
      <ReportSection id="volume" table={tables.volume} csvHref={csvHref('volume')}>
        <VolumeChart
          buckets={report.volume}
          titleId="report-volume-title"
          description={`${report.totals.created} created, ${report.totals.closed} closed, ${report.totals.openAtEnd} still open at the end.`}
        />
        <VolumeLegend />
      </ReportSection>
      <ReportSection id="response-times" table={tables['response-times']} csvHref={csvHref('response-times')}>
        <HorizontalBars
          rows={timingRows}
          titleId="report-response-times-title"
          description={`First response: median ${span(report.firstResponse.medianMs)} over ${report.firstResponse.count} tickets; resolution: median ${span(report.resolution.medianMs)} over ${report.resolution.count} tickets.`}
        />
      </ReportSection>
      {report.targets ? (
        <ReportSection id="service-targets" table={tables['service-targets']} csvHref={csvHref('service-targets')}>
          <HorizontalBars
            rows={[
              { label: 'First response', value: (report.targets.firstResponse.rate ?? 0) * 100, display: pct(report.targets.firstResponse.rate) },
              { label: 'Resolution', value: (report.targets.resolution.rate ?? 0) * 100, display: pct(report.targets.resolution.rate) },
            ]}
            max={100}
            titleId="report-service-targets-title"
            description={`First response met ${pct(report.targets.firstResponse.rate)}, resolution met ${pct(report.targets.resolution.rate)}.`}
          />
        </ReportSection>
      ) : (
        <Card aria-labelledby="report-service-targets-title">
          <h2 id="report-service-targets-title" className="text-lg font-semibold">
            Service targets met
          </h2>
          <p className="mt-2 text-sm text-slate-700">
            No service targets are set (Settings → Service levels), so there is nothing to meet.
          </p>
        </Card>
      )}
      <ReportSection id="satisfaction" table={tables.satisfaction} csvHref={csvHref('satisfaction')}>
        <p className="text-sm text-slate-700">
          {report.satisfaction.count === 0
            ? 'No ratings for closings in this range.'
            : `${pct(report.satisfaction.share)} Good of ${report.satisfaction.count} ratings.`}
        </p>
      </ReportSection>
      <ReportSection id="satisfaction-by-agent" table={tables['satisfaction-by-agent']} csvHref={csvHref('satisfaction-by-agent')}>
        <HorizontalBars rows={shareRows(report.satisfactionByAgent)} max={100} titleId="report-satisfaction-by-agent-title" description="Share of Good ratings per agent." />
      </ReportSection>
      <ReportSection id="satisfaction-by-company" table={tables['satisfaction-by-company']} csvHref={csvHref('satisfaction-by-company')}>
        <HorizontalBars rows={shareRows(report.satisfactionByCompany)} max={100} titleId="report-satisfaction-by-company-title" description="Share of Good ratings per company." />
      </ReportSection>
      <div className="grid gap-6 lg:grid-cols-3">
        <ReportSection id="busiest-companies" table={tables['busiest-companies']} csvHref={csvHref('busiest-companies')}>
          <HorizontalBars rows={countRows(report.busiestCompanies)} titleId="report-busiest-companies-title" description="Tickets created per company, the most first." />
        </ReportSection>
        <ReportSection id="busiest-tags" table={tables['busiest-tags']} csvHref={csvHref('busiest-tags')}>
          <HorizontalBars rows={countRows(report.busiestTags)} titleId="report-busiest-tags-title" description="Tickets created per tag, the most first." />
        </ReportSection>
        <ReportSection id="busiest-agents" table={tables['busiest-agents']} csvHref={csvHref('busiest-agents')}>
          <HorizontalBars rows={countRows(report.busiestAgents)} titleId="report-busiest-agents-title" description="Tickets created per assigned agent, the most first." />
        </ReportSection>
      </div>
    </div>
  );
}

/** A report: its heading, its chart, its numbers as a table, and its CSV. */
function ReportSection({ id, table, csvHref, children }: { id: string; table: ReportTable; csvHref: string; children: React.ReactNode }) {
  const titleId = `report-${id}-title`;
  const empty = table.rows.length === 0;
  return (
    <Card aria-labelledby={titleId} className="min-w-0">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={titleId} className="text-lg font-semibold">
          {table.title}
        </h2>
        <a href={csvHref} download className="text-sm font-medium text-indigo-700 underline underline-offset-2" aria-label={`Download CSV: ${table.title}`}>
          Download CSV
        </a>
      </div>
      {empty ? <p className="text-sm text-slate-700">Nothing in this range.</p> : children}
      {empty ? null : (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-slate-800">Table: {table.title}</summary>
          <div className="mt-2 overflow-x-auto">
            <Table columns={table.header} caption={table.title}>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <Td key={j}>{cell === null || cell === undefined ? '–' : String(cell)}</Td>
                  ))}
                </tr>
              ))}
            </Table>
          </div>
        </details>
      )}
    </Card>
  );
}
