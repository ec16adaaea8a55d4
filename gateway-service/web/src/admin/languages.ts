/** The conversation languages an administrator picks for an agent (ISO 639-1), the knowledge base's first. */
export const LANGUAGE_CHOICES = ['en', 'fr', 'es', 'de', 'it', 'pt', 'nl', 'pl', 'sv', 'ja', 'zh', 'ar'] as const;

const NAMES: Record<string, string> = {
  en: 'English',
  fr: 'French',
  es: 'Spanish',
  de: 'German',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
  pl: 'Polish',
  sv: 'Swedish',
  ja: 'Japanese',
  zh: 'Chinese',
  ar: 'Arabic',
};

/** "English" for "en"; a code without a name here is shown as the code itself, upper-cased. */
export const languageLabel = (code: string) => NAMES[code] ?? code.toUpperCase();

/** The choices, plus whatever else the agent already has (set through the API), so nothing is dropped on save. */
export const choicesWith = (codes: readonly string[]): string[] => [
  ...LANGUAGE_CHOICES,
  ...codes.filter((c) => !(LANGUAGE_CHOICES as readonly string[]).includes(c)),
];

export const languageList = (codes: readonly string[]) => codes.map(languageLabel).join(', ');
