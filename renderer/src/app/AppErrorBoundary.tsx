import { Component, type ReactNode } from 'react';

type State = { error: Error | null };

/**
 * Last resort for a render that throws, e.g. the database cannot open because a newer build upgraded it
 * (Dexie's VersionError) or the disk is full. Shows what to tell the hotline; never the error's data.
 */
export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const tooOld = error.name === 'VersionError';
    return (
      <main className="setup" role="alert">
        <h1>一站 · 社区一站式办事</h1>
        <div className="card">
          <h2>{tooOld ? '本机数据来自更新版本的一站，请安装最新版本后再打开' : '程序遇到错误，暂时无法继续'}</h2>
          <p className="muted">请联系技术支持，并告知错误类型：{error.name}</p>
        </div>
      </main>
    );
  }
}
