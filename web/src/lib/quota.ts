const MB = 1024 * 1024
const GB = 1024 * MB

/** Preset quotas offered in selects (bytes; -1 is unlimited), as PeerTube's admin pages offer. */
export const QUOTA_PRESETS = [-1, 0, 100 * MB, 500 * MB, 1 * GB, 5 * GB, 20 * GB, 50 * GB, 100 * GB, 200 * GB, 500 * GB]
export const DAILY_QUOTA_PRESETS = [-1, 0, 10 * MB, 50 * MB, 100 * MB, 500 * MB, 2 * GB, 5 * GB, 10 * GB, 20 * GB, 50 * GB]

/** The presets plus `current` when it is not one of them. */
export function quotaOptions(presets: number[], current: number | null | undefined): number[] {
  if (current === null || current === undefined || presets.includes(current)) return presets
  return [...presets, current].sort((a, b) => a - b)
}
