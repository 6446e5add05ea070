/** A few inline icons (decorative: they always sit next to a text label, so they are aria-hidden). */
const paths = {
  lock: 'M5 7V5a3 3 0 0 1 6 0v2h1v7H4V7h1zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2z',
  reply: 'M6 4 2 8l4 4V9.5c3 0 5 .8 7 3.5-.6-3.8-2.8-6-7-6.5V4z',
  system: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zm-.75 3h1.5v4h-1.5V5zm0 5h1.5v1.5h-1.5V10z',
  clip: 'M10.5 3.5 5 9a1.5 1.5 0 0 0 2.1 2.1L12 6.2a3 3 0 0 0-4.2-4.2L2.9 6.9',
  search: 'M7 2a5 5 0 0 1 3.9 8.1l3 3-1 1-3-3A5 5 0 1 1 7 2zm0 1.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z',
  image: 'M2 3h12v10H2V3zm1.5 1.5v6l3-3 2 2 1.5-1.5 2.5 2.5v-6h-9z',
  warning: 'M8 1.5 15 14H1L8 1.5zm-.75 4.5v4h1.5V6h-1.5zm0 5v1.5h1.5V11h-1.5z',
  user: 'M8 2a3 3 0 1 1 0 6 3 3 0 0 1 0-6zm0 7c3 0 5 1.5 5 4v1H3v-1c0-2.5 2-4 5-4z',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 14 }: { name: IconName; size?: number }) {
  const stroke = name === 'clip';
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false" style={{ flex: 'none' }}>
      <path
        d={paths[name]}
        fill={stroke ? 'none' : 'currentColor'}
        stroke={stroke ? 'currentColor' : 'none'}
        strokeWidth={stroke ? 1.4 : 0}
        strokeLinecap="round"
      />
    </svg>
  );
}
