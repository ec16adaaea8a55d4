/** The SMART Support mark: a speech bubble on a rounded square (also web/public/favicon.svg and the splash). */
export function BrandMark({ size }: { size: number }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" width={size} height={size}>
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path d="M8 10a3 3 0 0 1 3-3h10a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3h-6l-5 4v-4a3 3 0 0 1-2-3z" fill="#fff" />
    </svg>
  );
}
