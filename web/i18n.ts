export type Lang = 'de' | 'en';

const messages = {
  de: {
    services: 'Dienste',
    loading: 'Wird geladen …',
    empty: 'Noch keine Dienste. Senden Sie Metriken oder legen Sie einen Dienst an.',
    error: 'Fehler',
    name: 'Name',
    key: 'Schlüssel',
    owner: 'Verantwortlich',
    costCentre: 'Kostenstelle',
    retry: 'Erneut versuchen',
    more: 'Weitere laden',
  },
  en: {
    services: 'Services',
    loading: 'Loading …',
    empty: 'No services yet. Send metrics or create a service.',
    error: 'Error',
    name: 'Name',
    key: 'Key',
    owner: 'Owner',
    costCentre: 'Cost centre',
    retry: 'Try again',
    more: 'Load more',
  },
} as const;

export type MessageKey = keyof (typeof messages)['de'];

/** The element's `lang`, else the page's, else German. */
export function langOf(element: HTMLElement): Lang {
  const lang = (
    element.closest('[lang]')?.getAttribute('lang') ??
    document.documentElement.lang ??
    'de'
  ).toLowerCase();
  return lang.startsWith('en') ? 'en' : 'de';
}

export function t(lang: Lang, key: MessageKey): string {
  return messages[lang][key];
}
