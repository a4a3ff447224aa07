import { describe, expect, it } from 'vitest';
import { englishIn } from './english-fragments.ts';

describe('englishIn', () => {
  it('finds English messages in a German text', () => {
    expect(englishIn('Skalierungspläne Scaling plans Noch keine Pläne')).toContain('Scaling plans');
    expect(englishIn('Höchste Last: Highest load expected on Mo.')).toContain('Highest load expected on');
  });

  it('passes German text, names and words both tables share', () => {
    expect(englishIn('Name Region Token Pay-as-you-go Bundestagswahl Skalierungsplan, Version 1')).toEqual(
      [],
    );
  });
});
