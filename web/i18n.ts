export type Lang = 'de' | 'en';

const de = {
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
  series: 'Metriken',
  networkTitle: 'Server nicht erreichbar',
  networkDetail:
    'Der lastplan-Server antwortet nicht oder erlaubt diese Seite nicht (CORS). Prüfen Sie die Adresse und ob der Einbettungs-Token diese Herkunft zulässt: {origin}',
  forecastTitle: 'Last und Prognose',
  forecastEmpty: 'Für diese Metrik gibt es noch zu wenig Daten für eine Prognose.',
  noSeries: 'Dieser Dienst hat keine Metrik „{metric}“.',
  history: 'Verlauf',
  forecast: 'Prognose',
  band: '{level} %-Band',
  capacity: 'Geplante Kapazität',
  event: 'Ereignis',
  holiday: 'Feiertag',
  peak: 'Spitze',
  peakAt: 'Höchste Last erwartet am {when}: {value} (95 %: bis {upper}).',
  backtest: 'Rückblick-Test: MASE {mase}; 80 %-Band traf {cov80}, 95 %-Band {cov95}.',
  time: 'Zeit',
  actual: 'Ist',
  mean: 'Mittel',
  lower: 'untere Grenze {level} %',
  upper: 'obere Grenze {level} %',
  showTable: 'Als Tabelle anzeigen',
  csv: 'CSV herunterladen',
  chartLabel: '{metric} in {unit}: Verlauf und Prognose. Pfeiltasten zeigen einzelne Werte.',
  chartHelp: 'Pfeiltasten: Stunde, Bild auf/ab: Tag, Pos1/Ende: Anfang/Ende.',
  range: 'Zeitraum',
  rangeAll: 'Alles',
  rangeDays: '{n} Tage Verlauf',
  timeZone: 'Zeitzone {zone}',
  status: 'Status',
  nextPeak: 'Nächste Spitze',
  nextEvent: 'Nächstes Ereignis',
  signIn: 'Anmelden',
  signOut: 'Abmelden',
  tokenLabel: 'Token',
  tokenHelp: 'Fügen Sie einen lastplan-Token mit Leserecht ein (npm start zeigt einen an).',
  back: 'Zurück zur Übersicht',
  events: 'Ereignisse',
  noEvents: 'Keine Ereignisse.',
  from: 'Von',
  to: 'Bis',
  kind: 'Art',
  region: 'Region',
  uplift: 'Erwarteter Zuwachs',
  dashboard: 'Übersicht',
  plans: 'Skalierungspläne',
  grants: 'Fördermittel',
  planTitle: 'Skalierungsplan, Version {version}',
  approved: 'freigegeben',
  draft: 'Entwurf',
  costRange: 'Kosten: {p50} (P50) bis {planning} (Planungsquantil)',
  approvedBy: 'Freigegeben von {who} am {when}',
  noSteps: 'Dieser Plan hat keine Schritte.',
  approve: 'Plan freigeben',
  instanceType: 'Instanztyp',
  count: 'Anzahl',
  reason: 'Grund',
  cost: 'Kosten',
  noPlans: 'Noch keine Pläne für diesen Dienst.',
  open: 'Öffnen',
  status2: 'Stand',
  kind_election: 'Wahl',
  kind_deadline: 'Frist',
  kind_application_window: 'Antragszeitraum',
  kind_campaign: 'Kampagne',
  kind_maintenance: 'Wartung',
  kind_public_holiday: 'Feiertag',
  kind_school_holiday: 'Schulferien',
  kind_other: 'Sonstiges',
} as const;

export type MessageKey = keyof typeof de;

const en: Record<MessageKey, string> = {
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
  series: 'Metrics',
  networkTitle: 'Server not reachable',
  networkDetail:
    'The lastplan server does not answer or does not allow this page (CORS). Check the address and whether the embed token allows this origin: {origin}',
  forecastTitle: 'Load and forecast',
  forecastEmpty: 'There is not enough data for a forecast of this metric yet.',
  noSeries: 'This service has no metric "{metric}".',
  history: 'History',
  forecast: 'Forecast',
  band: '{level} % band',
  capacity: 'Planned capacity',
  event: 'Event',
  holiday: 'Public holiday',
  peak: 'Peak',
  peakAt: 'Highest load expected on {when}: {value} (95 %: up to {upper}).',
  backtest: 'Backtest: MASE {mase}; the 80 % band held {cov80}, the 95 % band {cov95}.',
  time: 'Time',
  actual: 'Actual',
  mean: 'Mean',
  lower: 'lower {level} %',
  upper: 'upper {level} %',
  showTable: 'Show as a table',
  csv: 'Download CSV',
  chartLabel: '{metric} in {unit}: history and forecast. Arrow keys read single values.',
  chartHelp: 'Arrow keys: hour, Page up/down: day, Home/End: start/end.',
  range: 'Range',
  rangeAll: 'All',
  rangeDays: '{n} days of history',
  timeZone: 'Time zone {zone}',
  status: 'Status',
  nextPeak: 'Next peak',
  nextEvent: 'Next event',
  signIn: 'Sign in',
  signOut: 'Sign out',
  tokenLabel: 'Token',
  tokenHelp: 'Paste a lastplan token with read access (npm start prints one).',
  back: 'Back to the overview',
  events: 'Events',
  noEvents: 'No events.',
  from: 'From',
  to: 'To',
  kind: 'Kind',
  region: 'Region',
  uplift: 'Expected uplift',
  dashboard: 'Overview',
  plans: 'Scaling plans',
  grants: 'Grants',
  planTitle: 'Scaling plan, version {version}',
  approved: 'approved',
  draft: 'draft',
  costRange: 'Cost: {p50} (P50) to {planning} (planning quantile)',
  approvedBy: 'Approved by {who} on {when}',
  noSteps: 'This plan has no steps.',
  approve: 'Approve plan',
  instanceType: 'Instance type',
  count: 'Count',
  reason: 'Reason',
  cost: 'Cost',
  noPlans: 'No plans for this service yet.',
  open: 'Open',
  status2: 'Status',
  kind_election: 'Election',
  kind_deadline: 'Deadline',
  kind_application_window: 'Application window',
  kind_campaign: 'Campaign',
  kind_maintenance: 'Maintenance',
  kind_public_holiday: 'Public holiday',
  kind_school_holiday: 'School holidays',
  kind_other: 'Other',
};

/** An event kind of the API (`election`, `school-holiday` …) in words; unknown kinds as they are. */
export function eventKind(lang: Lang, kind: string): string {
  const key = `kind_${kind.replace(/-/g, '_')}`;
  return key in de ? messages[lang][key as MessageKey] : kind;
}

const messages: Record<Lang, Record<MessageKey, string>> = { de, en };

/** The element's `lang`, else the page's, else German. */
export function langOf(element: HTMLElement): Lang {
  return localeOf(element).toLowerCase().startsWith('en') ? 'en' : 'de';
}

/** The BCP 47 locale for Intl: the nearest `lang` attribute, else the page's, else de-DE. */
export function localeOf(element: HTMLElement): string {
  const lang = element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'de-DE';
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'de-DE';
  } catch {
    return 'de-DE';
  }
}

/** A message in the language, with `{name}` placeholders filled from `vars`. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}
