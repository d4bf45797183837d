import type { CvmStorage } from '../../adapters/storage-adapter';

type Open = (store: string) => CvmStorage;

/** The `open(store)` an adapter module exports (by name, or on its default export for an ES module). */
export async function loadOpen(adapterModule: string): Promise<Open> {
  const loaded = (await import(adapterModule)) as { open?: Open; default?: { open?: Open } };
  const open = loaded.open ?? loaded.default?.open;
  if (open === undefined) throw new Error(`${adapterModule} exports no open(store) function`);
  return open;
}
