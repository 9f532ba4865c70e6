import type { SyncSettingsRow } from '../../store/sync-store';

export const SYNC_MODES: Array<{ value: SyncSettingsRow['mode']; label: string; hint: string }> = [
  { value: 'window', label: '下班后自动同步', hint: '在设定时段内自动上传和接收（默认 18:00–次日 07:30），白天不占用网络' },
  { value: 'continuous', label: '随时同步', hint: '有网络时随时上传新记录' },
  { value: 'manual', label: '仅手动同步', hint: '只在点击“立即同步”时同步' },
];

/** The settings in one line, for those who may see but not change them. */
export function syncSettingsText(settings: SyncSettingsRow): string {
  const label = SYNC_MODES.find((m) => m.value === settings.mode)?.label ?? settings.mode;
  return settings.mode === 'window' ? `当前：${label}（${settings.window.start}–${settings.window.end}）` : `当前：${label}`;
}
