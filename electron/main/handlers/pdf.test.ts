import type { PrintToPDFOptions, SaveDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { pdfFileName, saveCurrentViewAsPdf, type PdfDeps, type PdfTarget } from './pdf';

function setup(dialogResult: { canceled: boolean; filePath: string }, opts: { writeFails?: boolean } = {}) {
  const rendered: PrintToPDFOptions[] = [];
  const written: [string, Uint8Array][] = [];
  const dialogs: SaveDialogOptions[] = [];
  const target: PdfTarget = {
    printToPDF: async (options) => {
      rendered.push(options);
      return new Uint8Array([0x25, 0x50, 0x44, 0x46]);
    },
  };
  const deps: PdfDeps = {
    showSaveDialog: async (options) => {
      dialogs.push(options);
      return dialogResult;
    },
    writeFile: async (path, data) => {
      if (opts.writeFails) throw new Error(`EACCES ${path}`);
      written.push([path, data]);
    },
    defaultDir: '/home/clerk/Documents',
    joinPath: (dir, name) => `${dir}/${name}`,
  };
  return { target, deps, rendered, written, dialogs };
}

describe('saveCurrentViewAsPdf', () => {
  it('writes the rendered PDF where the clerk chose', async () => {
    const s = setup({ canceled: false, filePath: '/media/usb/回执.pdf' });
    await expect(saveCurrentViewAsPdf({ suggestedName: '受理回执-000123', pageSize: '80mm' }, s.target, s.deps)).resolves.toEqual({
      ok: true,
      value: { status: 'saved', path: '/media/usb/回执.pdf' },
    });
    expect(s.dialogs[0]?.defaultPath).toBe('/home/clerk/Documents/受理回执-000123.pdf');
    expect(s.rendered[0]).toMatchObject({ printBackground: true });
    expect(s.written).toEqual([['/media/usb/回执.pdf', new Uint8Array([0x25, 0x50, 0x44, 0x46])]]);
  });

  it('renders nothing when the dialog is cancelled', async () => {
    const s = setup({ canceled: true, filePath: '' });
    await expect(saveCurrentViewAsPdf({ suggestedName: 'x', pageSize: 'A4' }, s.target, s.deps)).resolves.toEqual({
      ok: true,
      value: { status: 'cancelled' },
    });
    expect(s.rendered).toEqual([]);
    expect(s.written).toEqual([]);
  });

  it('reports an unwritable destination as pdf/failed', async () => {
    const s = setup({ canceled: false, filePath: '/readonly/x.pdf' }, { writeFails: true });
    await expect(saveCurrentViewAsPdf({ suggestedName: 'x', pageSize: 'A4' }, s.target, s.deps)).resolves.toEqual({
      ok: false,
      code: 'pdf/failed',
    });
  });

  it('adds the extension once', () => {
    expect(pdfFileName('a')).toBe('a.pdf');
    expect(pdfFileName('a.PDF')).toBe('a.PDF');
  });
});
