import { CASE_DOCUMENT_TITLES, CaseDocument } from './CaseDocument';
import { DOCUMENT_KINDS, FIXTURE_VARIANTS, fixturePrintable, type FixtureVariant } from './fixtures';
import type { PrintLayout } from './view-model';

const LAYOUTS: readonly PrintLayout[] = ['a4', 'thermal'];

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => a === value) ?? fallback;
}

/**
 * Development and e2e page (print-preview.html): renders one document from made-up fixture data, chosen by
 * `?doc=notice&layout=thermal&variant=hostile`. It reads no store and no real resident, so shipping it is harmless.
 */
export function PrintPreview({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const kindParam = params.get('doc');
  const layout = pick(params.get('layout'), LAYOUTS, 'a4');
  const variant = pick<FixtureVariant>(params.get('variant'), FIXTURE_VARIANTS, 'plain');

  const kind = DOCUMENT_KINDS.find((k) => k === kindParam);
  return (
    <div className="print-preview">
      <nav className="no-print" style={{ padding: '8px 16px', fontSize: 14 }}>
        <strong>打印样张（测试数据）</strong>
        {DOCUMENT_KINDS.map((k) => (
          <span key={k} style={{ marginLeft: 16 }}>
            {CASE_DOCUMENT_TITLES[k]}：
            {LAYOUTS.flatMap((l) =>
              FIXTURE_VARIANTS.map((v) => (
                <a key={`${l}-${v}`} href={`?doc=${k}&layout=${l}&variant=${v}`} style={{ marginRight: 6 }}>
                  {l === 'a4' ? 'A4' : '80mm'}/{v}
                </a>
              )),
            )}
          </span>
        ))}
      </nav>
      <div style={{ padding: '16px 0' }}>
        {kind !== undefined && <CaseDocument kind={kind} layout={layout} printable={fixturePrintable(kind, variant)} />}
      </div>
    </div>
  );
}
