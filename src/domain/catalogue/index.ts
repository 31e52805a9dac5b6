/** Procedure catalogue: pure mappers from the three input shapes to TProcedure, merging, field→sector table. */
export { PROCEDURE_COLUMNS, columnLabel, type TCatalogueColumn, type TProcedureColumn } from './columns.ts';
export { buildFieldTable, EMPTY_FIELD_TABLE, normaliseFieldName, ZFieldSectorConfig, type TFieldSectorConfig, type TFieldTable } from './field-sectors.ts';
export { CATALOGUE_KEYS, isCatalogueRecord, mapCatalogueRecord, type TMapContext, type TMapResult } from './map-catalogue-record.ts';
export { HANDBOOK_KEYS, isHandbookRecord, mapHandbookRecord, type THandbookContext } from './map-handbook-record.ts';
export { mapProcedureRow, type TProcedureRowValues } from './map-table-row.ts';
export { mergeProcedureLists, mergeProcedures } from './merge-procedures.ts';
export {
  cleanText,
  formatImportIssue,
  parseAuthority,
  parseBooleanVi,
  parseChannel,
  parseOnlineLevel,
  parseUrl,
  receptionFromLevelText,
  splitListCell,
  summariseByChannel,
  type TImportIssue,
  type TParsed,
} from './values.ts';
export { computeCatalogueFigures, planCatalogueImport, type TCatalogueFigures, type TCatalogueImportPlan } from './plan-catalogue-import.ts';
