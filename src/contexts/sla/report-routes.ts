/** The stored weekly SLA report, as JSON or CSV (staff). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import type { Deps } from '../../store/unit.js';
import { authorize } from '../access/domain.js';
import { SlaWeekReport, slaReportService } from './report.js';

const tags = ['sla'];

const ReportQuery = Type.Object({
  week: Type.Optional(
    Type.String({
      maxLength: 16,
      description: 'ISO year and week, e.g. 2027-W38; the current Riyadh week when omitted',
    }),
  ),
  format: Type.Optional(
    Type.Enum(['json', 'csv'], { description: 'csv: text/csv (also chosen by Accept: text/csv)' }),
  ),
  lang: Type.Optional(
    Type.Enum(['en', 'ar'], { description: 'CSV header and labels: en (machine names, default) or ar' }),
  ),
});

const WEEK_RULE =
  'Week W of year Y starts on the Sunday before the ISO-8601 week W’s Monday, at 00:00 Asia/Riyadh (UTC+3, no daylight saving), and lasts 7 days: 2027-W38 runs from Sunday 2027-09-19 00:00 to Sunday 2027-09-26 00:00 Riyadh time. A ticket belongs to the week it was opened in.';

/** Whether the Accept header prefers CSV over JSON (ties and wildcards go to JSON). */
function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  let csv = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    const t = type.trim();
    if (t === 'text/csv') csv = Math.max(csv, q);
    if (t === 'application/json' || t === '*/*' || t === 'application/*') json = Math.max(json, q);
  }
  return csv > json;
}

export function slaReportRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const svc = slaReportService(deps);
  return async (app) => {
    app.get(
      '/reports/sla',
      {
        schema: {
          tags,
          summary:
            'Weekly SLA report from the store (weeks start Sunday 00:00 Riyadh): totals, per priority, breach causes, 8-week trend; JSON or CSV (staff)',
          description: `${WEEK_RULE} A target counts as breached when it was met late or marked breached, or when it is unmet, the ticket is neither paused nor resolved, and its due time has passed. Verdict: healthy under 10%, watch 10–25%, critical from 25%. The first report of a finished week records its review once; a critical week asks for a freeze of live actions and notifies the founder.`,
          querystring: ReportQuery,
          response: {
            200: {
              description: 'The report',
              content: {
                'application/json': { schema: SlaWeekReport },
                'text/csv': {
                  schema: Type.String({
                    description: 'Header row, then per week (newest first) a row per priority and an all row',
                  }),
                },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        authorize(principalOf(req), 'reports.sla');
        const { week, format, lang } = req.query;
        const csv = format === 'csv' || (format === undefined && prefersCsv(req.headers.accept));
        if (!csv) return reply.send(await svc.report(week));
        const out = await svc.csv(week, lang ?? 'en');
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="sla-${out.week}.csv"`)
          .send(out.csv);
      },
    );
  };
}
