import { ok, type IpcResponse } from '@shared/ipc';

export interface AppInfoDeps {
  name: string;
  version: string;
  packaged: boolean;
  platform: string;
  arch: string;
  versions: { electron?: string; chrome?: string };
  secureStorage: () => boolean;
}

export function appInfo(deps: AppInfoDeps): IpcResponse<'app:info'> {
  return ok({
    name: deps.name,
    version: deps.version,
    platform: deps.platform,
    arch: deps.arch,
    electron: deps.versions.electron ?? '',
    chrome: deps.versions.chrome ?? '',
    packaged: deps.packaged,
    secureStorage: deps.secureStorage(),
  });
}
