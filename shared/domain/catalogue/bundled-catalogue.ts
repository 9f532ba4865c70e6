import catalogueFile from '../../../resources/catalogue/catalogue.json';
import { loadCatalogue, type CatalogueLoad } from './load-catalogue';

/**
 * The catalogue shipped with the build (resources/catalogue/catalogue.json). The district server may push a
 * newer one; both go through `loadCatalogue`.
 */
export function loadBundledCatalogue(): CatalogueLoad {
  return loadCatalogue(catalogueFile);
}
