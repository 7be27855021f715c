// Agency 360 (the seed system) file import: detection and conversion to the current contract.
export { convertLegacy, detectLegacy, type LegacyConversion, type LegacyFormat } from './convert.js';
