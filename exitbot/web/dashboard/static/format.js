// How values read on the page: dates in the server's TIMEZONE (served in the page's
// <meta name="exitbot-timezone">), statuses and reasons in words, sentiment with its tone.

const meta = document.querySelector('meta[name="exitbot-timezone"]');
const TIMEZONE = (meta && meta.content) || "UTC";
const LOCALE = document.documentElement.lang || "en";

const dateTime = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIMEZONE,
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dayOnly = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIMEZONE,
  year: "numeric",
  month: "short",
  day: "numeric",
});
const calendarDay = new Intl.DateTimeFormat(LOCALE, {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "numeric",
});
const monthDayFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIMEZONE,
  month: "short",
  day: "numeric",
});
const monthYearFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIMEZONE,
  month: "short",
  year: "numeric",
});
const isoDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIMEZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const numbers = new Intl.NumberFormat(LOCALE);

export const STATUSES = {
  invited: "Invited",
  in_progress: "In progress",
  paused: "Paused",
  completed: "Completed",
  declined: "Declined",
  expired: "Expired",
  cancelled: "Cancelled",
  erased: "Erased",
};
export const ACTIVE = new Set(["invited", "in_progress", "paused"]);

const REASONS = {
  compensation: "Compensation",
  career_growth: "Career growth",
  management: "Management",
  culture: "Culture",
  workload: "Workload",
  role_fit: "Role fit",
  relocation: "Relocation",
  personal: "Personal",
  company_direction: "Company direction",
  other: "Other",
};

/** An instant (ISO 8601 with offset) as a date and time in TIMEZONE. */
export function when(iso) {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

/** An instant as a day in TIMEZONE. */
export function day(iso) {
  return iso ? dayOnly.format(new Date(iso)) : "—";
}

/** A short chart label: "Oct 4" (periods of days) or "Oct 2026" (periods of a year). */
export function monthDay(iso) {
  return monthDayFormat.format(new Date(iso));
}

export function monthYear(iso) {
  return monthYearFormat.format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD, no time of day) as it is written. */
export function calendar(isoDate) {
  return isoDate ? calendarDay.format(new Date(`${isoDate}T00:00:00Z`)) : "—";
}

/** The YYYY-MM-DD day of an instant in TIMEZONE (what the API's since/until take). */
export function localIsoDay(date) {
  return isoDay.format(date);
}

export function count(value) {
  return numbers.format(value);
}

export function percent(ratio) {
  return ratio === null || ratio === undefined ? "—" : `${Math.round(ratio * 100)} %`;
}

export function signed(value, digits = 2) {
  if (value === null || value === undefined) return "—";
  const text = Math.abs(value).toFixed(digits);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

export function enps(value) {
  return value === null || value === undefined ? "—" : signed(value, 0);
}

export function statusLabel(status) {
  return STATUSES[status] || status;
}

export function reasonLabel(reason) {
  return REASONS[reason] || reason.replaceAll("_", " ");
}

/** The tone of a sentiment in [-1, 1], in words (the mark is never colour alone). */
export function tone(sentiment) {
  if (sentiment === null || sentiment === undefined) return { key: "none", label: "No score" };
  if (sentiment <= -0.2) return { key: "negative", label: "Negative" };
  if (sentiment >= 0.2) return { key: "positive", label: "Positive" };
  return { key: "neutral", label: "Neutral" };
}

/** How an interview is named: an anonymous one only by its department. */
export function who(item) {
  if (item.anonymous) return `Anonymous · ${item.department || "no department"}`;
  if (item.status === "erased") return "Erased interview";
  return item.who;
}
