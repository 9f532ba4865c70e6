/** A numbered list of material names; each appears once per entry, in the order given. */
export function MaterialList({ items }: { items: readonly string[] }) {
  return (
    <ol className="doc-list">
      {items.map((item, i) => (
        // Two materials may share a name (e.g. two copies of the same certificate for two family members).
        <li key={`${i}-${item}`}>{item}</li>
      ))}
    </ol>
  );
}
