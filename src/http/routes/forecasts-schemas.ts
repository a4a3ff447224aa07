import { z } from '@hono/zod-openapi';
import { ProblemSchema } from '../schemas.ts';

const numbers = z.array(z.number());

export const ForecastSchema = z
  .object({
    seriesId: z.string(),
    metric: z.string().openapi({ example: 'requests_per_second' }),
    unit: z.string().openapi({ example: '1/s' }),
    horizon: z.string().openapi({ example: 'P14D' }),
    levels: numbers.openapi({ example: [80, 95] }),
    model: z.string().openapi({ example: 'robust-seasonal-es(log, daily+weekly)' }),
    resolution: z.enum(['native', 'daily']).openapi({
      description:
        'native: modelled hour by hour; daily: hour by hour for 62 days, beyond that from daily means spread over the hours by the shape of the local week. The answer is hourly either way.',
    }),
    step: z.string().openapi({ example: 'PT1H' }),
    timestamps: z.array(z.string()),
    mean: numbers,
    bands: z.array(z.object({ level: z.number(), lower: numbers, upper: numbers })),
    components: z.object({
      transform: z.enum(['none', 'log']),
      trend: numbers,
      dailyProfile: numbers,
      weeklyProfile: numbers,
      yearly: z.boolean(),
      events: z.array(
        z.object({
          name: z.string(),
          kind: z.string(),
          startsAt: z.string(),
          endsAt: z.string(),
          uplift: z.number(),
          lowUplift: z.number(),
          highUplift: z.number(),
          source: z.string().openapi({ description: 'learned, expected, past or none' }),
          occurrences: z.number().int(),
        }),
      ),
      params: z.record(z.string(), z.union([z.number(), z.boolean()])),
    }),
    peak: z
      .object({
        at: z.string().openapi({ example: '2027-01-25T10:00:00.000Z' }),
        mean: z.number(),
        bands: z.array(z.object({ level: z.number(), lower: z.number(), upper: z.number() })),
      })
      .nullable()
      .openapi({
        description:
          'The hour with the highest expected load and each band there: what capacity must cover. The explanation, the widgets and plans quote this hour.',
      }),
    explanation: z.string().openapi({
      example: 'Bürgerentscheid on 2027-01-31: +722 % on the previous two elections',
    }),
    explanationDe: z
      .string()
      .optional()
      .openapi({ example: 'Bürgerentscheid am 31.01.2027: +722 % wie bei den letzten zwei Wahlen' }),
    backtest: z
      .object({
        origins: z.number().int(),
        horizon: z.number().int(),
        mase: z.number().nullable(),
        maseSeasonalNaive: z.number().nullable(),
        coverage: z.array(z.object({ level: z.number(), observed: z.number(), widening: z.number() })),
        from: z.string().openapi({ description: 'Start of the recent stretch the coverage was measured on' }),
        to: z.string(),
      })
      .nullable(),
    generatedAt: z.string(),
    dataUntil: z.string(),
    historyFrom: z.string().openapi({ description: 'First hour of the history the forecast rests on' }),
    historyHours: z.number().int().openapi({ description: 'Hours of that history, gaps included' }),
  })
  .openapi('Forecast');

export const ForecastQuery = z.object({
  horizon: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: 'ISO-8601 duration from PT1H to P366D; default P14D', example: 'P14D' }),
  levels: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'Band levels in percent (50-99.9); default 80,95,99', example: '80,95' }),
});

export const BatchForecastRequest = z
  .object({
    seriesIds: z.array(z.string().max(100)).min(1).max(100),
    horizon: z.string().max(40).optional().openapi({ example: 'P14D' }),
    levels: z
      .array(z.number())
      .min(1)
      .max(6)
      .optional()
      .openapi({ example: [80, 95] }),
  })
  .strict()
  .openapi('BatchForecastRequest');

export const BatchForecastResponse = z
  .object({
    items: z.array(
      z.object({
        seriesId: z.string(),
        status: z.number().int().openapi({ description: '200, or the status of the problem' }),
        cache: z.enum(['hit', 'miss']).optional(),
        forecast: ForecastSchema.optional(),
        problem: ProblemSchema.optional(),
      }),
    ),
    forecasted: z.number().int(),
    failed: z.number().int(),
  })
  .openapi('BatchForecastResponse');
