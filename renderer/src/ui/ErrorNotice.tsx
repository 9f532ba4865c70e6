type ErrorNoticeProps = { message: string; code?: string | undefined };

/** An error for the clerk: the Chinese message, and the code the hotline asks for. */
export function ErrorNotice({ message, code }: ErrorNoticeProps) {
  return (
    <div className="error-notice" role="alert">
      <span>{message}</span>
      {code ? <span className="error-notice__code">错误代码：{code}</span> : null}
    </div>
  );
}
