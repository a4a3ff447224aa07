import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { forecastOptions } from './forecast-options.ts';

function pointersOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'validation')
      return error.errors.map((e) => e.pointer);
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('forecastOptions', () => {
  it.each([
    [{}, 'P14D', 336, [80, 95, 99]],
    [{ horizon: 'PT1H' }, 'PT1H', 1, [80, 95, 99]],
    [{ horizon: 'P366D', levels: '50' }, 'P366D', 8784, [50]],
    [{ horizon: 'P2W', levels: '95, 80,95' }, 'P2W', 336, [80, 95]],
    [{ horizon: 'PT90M', levels: [99.9, 80] }, 'PT90M', 2, [80, 99.9]],
    [{ horizon: 'P1DT12H', levels: '80.5' }, 'P1DT12H', 36, [80.5]],
  ])('reads %j', (input, horizon, steps, levels) => {
    const options = forecastOptions(input, '/query');
    expect(options).toMatchObject({ horizon, steps, levels });
    expect(options.levelsKey).toBe(levels.join(','));
  });

  it.each([
    [{ horizon: '14d' }, ['/query/horizon']],
    [{ horizon: 'P' }, ['/query/horizon']],
    [{ horizon: 'P0D' }, ['/query/horizon']],
    [{ horizon: 'PT59M' }, ['/query/horizon']],
    [{ horizon: 'P367D' }, ['/query/horizon']],
    [{ horizon: 'P1Y' }, ['/query/horizon']],
    [{ levels: '' }, ['/query/levels']],
    [{ levels: '49.9' }, ['/query/levels']],
    [{ levels: '100' }, ['/query/levels']],
    [{ levels: '80,,95' }, ['/query/levels']],
    [{ levels: '-80' }, ['/query/levels']],
    [{ levels: '1e2' }, ['/query/levels']],
    [{ levels: '50,60,70,80,90,95,99' }, ['/query/levels']],
    [{ horizon: 'x', levels: '20' }, ['/query/horizon', '/query/levels']],
  ])('refuses %j at %j', (input, pointers) => {
    expect(pointersOf(() => forecastOptions(input, '/query'))).toEqual(pointers);
  });

  it('points into a body array by index', () => {
    expect(pointersOf(() => forecastOptions({ levels: [80, Number.NaN, 120] }, ''))).toEqual([
      '/levels/1',
      '/levels/2',
    ]);
  });

  it('turns any horizon of whole hours in range into that many steps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 366 * 24 }), (hours) => {
        const days = Math.floor(hours / 24);
        const rest = hours % 24;
        const text = `P${days > 0 ? `${days}D` : ''}${rest > 0 ? `T${rest}H` : ''}`;
        expect(forecastOptions({ horizon: text }, '').steps).toBe(hours);
      }),
    );
  });

  it('answers any text with options or a validation error, never anything else', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (horizon, levels) => {
        try {
          const options = forecastOptions({ horizon, levels }, '');
          expect(options.steps).toBeGreaterThanOrEqual(1);
          expect(options.levels.every((l) => l >= 50 && l <= 99.9)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
    );
  });
});
