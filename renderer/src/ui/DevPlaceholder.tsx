type DevPlaceholderProps = { title: string; description: string };

/** A screen that a later issue builds; marked clearly so nobody mistakes it for a broken page. */
export function DevPlaceholder({ title, description }: DevPlaceholderProps) {
  return (
    <section className="dev-placeholder" aria-labelledby="dev-placeholder-title">
      <h2 id="dev-placeholder-title">
        {title} <span className="badge badge--dev">开发中</span>
      </h2>
      <p>{description}</p>
    </section>
  );
}
