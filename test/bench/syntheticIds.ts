/** UUID-shaped ids numbered `n`, for the data benches build in memory (readable, and the same on every run). */
export const syntheticUuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
