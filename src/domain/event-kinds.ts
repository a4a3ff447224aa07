/** Kinds of known events that move load (see `/v1/events`); the forecaster learns one effect per kind. */
export const eventKinds = [
  'election',
  'deadline',
  'application-window',
  'campaign',
  'maintenance',
  'custom',
] as const;
export type EventKind = (typeof eventKinds)[number];
