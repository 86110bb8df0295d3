/**
 * The user settings a model-driven app hands a control (userSettings.dateFormattingInfo /
 * numberFormattingInfo), for the languages the control ships resx files for. Values follow .NET's
 * CultureInfo for en-US and fr-FR, which is what Dataverse serves.
 */
const BASE_NUMBERS = {
  currencyDecimalDigits: 2,
  currencyNegativePattern: 0,
  currencyPositivePattern: 0,
  numberDecimalDigits: 2,
  numberGroupSizes: [3],
  currencyGroupSizes: [3],
  percentDecimalDigits: 2,
  percentGroupSizes: [3],
  percentNegativePattern: 0,
  percentPositivePattern: 0,
  negativeSign: "-",
  positiveSign: "+",
  nanSymbol: "NaN",
  negativeInfinitySymbol: "-Infinity",
  positiveInfinitySymbol: "Infinity",
  percentSymbol: "%",
  perMilleSymbol: "‰",
  numberNegativePattern: 1,
};

const LOCALES = {
  1033: {
    tag: "en-US",
    numbers: {
      ...BASE_NUMBERS,
      numberDecimalSeparator: ".",
      numberGroupSeparator: ",",
      currencyDecimalSeparator: ".",
      currencyGroupSeparator: ",",
      currencySymbol: "$",
      percentDecimalSeparator: ".",
      percentGroupSeparator: ",",
    },
    dates: {
      shortDatePattern: "M/d/yyyy",
      shortTimePattern: "h:mm tt",
      longDatePattern: "dddd, MMMM d, yyyy",
      longTimePattern: "h:mm:ss tt",
      fullDateTimePattern: "dddd, MMMM d, yyyy h:mm:ss tt",
      monthDayPattern: "MMMM d",
      yearMonthPattern: "MMMM yyyy",
      amDesignator: "AM",
      pmDesignator: "PM",
      dateSeparator: "/",
      timeSeparator: ":",
      firstDayOfWeek: 0,
    },
  },
  1036: {
    tag: "fr-FR",
    numbers: {
      ...BASE_NUMBERS,
      numberDecimalSeparator: ",",
      numberGroupSeparator: "\u00a0",
      currencyDecimalSeparator: ",",
      currencyGroupSeparator: "\u00a0",
      currencySymbol: "€",
      percentDecimalSeparator: ",",
      percentGroupSeparator: "\u00a0",
    },
    dates: {
      shortDatePattern: "dd/MM/yyyy",
      shortTimePattern: "HH:mm",
      longDatePattern: "dddd d MMMM yyyy",
      longTimePattern: "HH:mm:ss",
      fullDateTimePattern: "dddd d MMMM yyyy HH:mm:ss",
      monthDayPattern: "d MMMM",
      yearMonthPattern: "MMMM yyyy",
      amDesignator: "",
      pmDesignator: "",
      dateSeparator: "/",
      timeSeparator: ":",
      firstDayOfWeek: 1,
    },
  },
};

export function localeFor(lcid) {
  return LOCALES[lcid] ?? LOCALES[1033];
}

/** context.formatting for the few calls a control makes, with Intl in the user's language. */
export function formattingFor(locale) {
  const numbers = new Intl.NumberFormat(locale.tag, { maximumFractionDigits: 0 });
  const decimals = (precision) =>
    new Intl.NumberFormat(locale.tag, {
      minimumFractionDigits: precision ?? 2,
      maximumFractionDigits: precision ?? 2,
    });
  return {
    formatInteger: (value) => numbers.format(value),
    formatDecimal: (value, precision) => decimals(precision).format(value),
    formatDateShort: (value, includeTime) =>
      new Intl.DateTimeFormat(
        locale.tag,
        includeTime ? { dateStyle: "short", timeStyle: "short" } : { dateStyle: "short" },
      ).format(value),
    formatTime: (value) => new Intl.DateTimeFormat(locale.tag, { timeStyle: "short" }).format(value),
  };
}
