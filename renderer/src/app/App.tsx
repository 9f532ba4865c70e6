export function App() {
  return (
    <main>
      <h1>一站 · 社区一站式办事</h1>
    </main>
  );
}
