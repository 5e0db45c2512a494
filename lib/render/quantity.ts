import { Size, SizeRoundingBehavior } from 'cdk8s';

/** Renders a cdk8s Size as the shortest exact binary quantity ("40Gi", "512Mi", "1536Ki"). */
export function sizeToQuantity(size: Size): string {
  const bytes = Math.round(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024);
  for (const [suffix, factor] of [['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (bytes !== 0 && bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return String(bytes);
}
