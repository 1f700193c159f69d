export { CatalogRefPicker } from './CatalogRefPicker';
