/**
 * Columns of a procedure catalogue spreadsheet (spec/interchange.md): canonical name, the Vietnamese aliases
 * accepted in headers (matched case- and diacritics-insensitively), and the Vietnamese label used in messages.
 * Structurally the column spec of src/import/read-table.ts.
 */
export interface TCatalogueColumn {
  canonical: TProcedureColumn;
  aliases: string[];
  required?: boolean;
  label: string;
}

export type TProcedureColumn =
  | 'code'
  | 'name'
  | 'field'
  | 'sector'
  | 'authority'
  | 'reception_point'
  | 'online_level'
  | 'processing_time'
  | 'fee'
  | 'documents'
  | 'steps'
  | 'legal_basis'
  | 'online_url'
  | 'interconnected'
  | 'boundary_free'
  | 'status'
  | 'keywords'
  | 'group';

export const PROCEDURE_COLUMNS: readonly TCatalogueColumn[] = [
  { canonical: 'code', label: 'mã thủ tục', required: true, aliases: ['mã thủ tục', 'mã TTHC', 'mã', 'mã số', 'mã thủ tục hành chính'] },
  { canonical: 'name', label: 'tên thủ tục', required: true, aliases: ['tên thủ tục', 'tên TTHC', 'tên', 'tên thủ tục hành chính'] },
  { canonical: 'field', label: 'lĩnh vực', required: true, aliases: ['lĩnh vực'] },
  { canonical: 'sector', label: 'ngành', aliases: ['ngành', 'ngành, lĩnh vực'] },
  { canonical: 'authority', label: 'cấp thẩm quyền', required: true, aliases: ['cấp thẩm quyền', 'cấp', 'cấp thực hiện', 'thẩm quyền'] },
  { canonical: 'reception_point', label: 'nơi tiếp nhận', aliases: ['nơi tiếp nhận', 'điểm tiếp nhận', 'cơ quan tiếp nhận'] },
  { canonical: 'online_level', label: 'mức độ DVC', aliases: ['mức độ DVC', 'mức độ dịch vụ công', 'mức độ', 'DVCTT', 'dịch vụ công trực tuyến'] },
  { canonical: 'processing_time', label: 'thời hạn giải quyết', aliases: ['thời hạn giải quyết', 'thời hạn', 'thời gian giải quyết'] },
  { canonical: 'fee', label: 'phí, lệ phí', aliases: ['phí, lệ phí', 'phí', 'lệ phí', 'phí lệ phí'] },
  { canonical: 'documents', label: 'thành phần hồ sơ', aliases: ['thành phần hồ sơ', 'hồ sơ', 'giấy tờ'] },
  { canonical: 'steps', label: 'trình tự', aliases: ['trình tự', 'trình tự thực hiện', 'các bước'] },
  { canonical: 'legal_basis', label: 'căn cứ pháp lý', aliases: ['căn cứ pháp lý', 'căn cứ'] },
  { canonical: 'online_url', label: 'đường dẫn trực tuyến', aliases: ['đường dẫn trực tuyến', 'đường dẫn', 'link', 'địa chỉ nộp trực tuyến', 'nộp hồ sơ trực tuyến', 'url'] },
  { canonical: 'interconnected', label: 'liên thông', aliases: ['liên thông', 'TTHC liên thông'] },
  { canonical: 'boundary_free', label: 'phi địa giới', aliases: ['phi địa giới', 'không phụ thuộc địa giới hành chính', 'phi địa giới hành chính'] },
  { canonical: 'status', label: 'trạng thái', aliases: ['trạng thái', 'tình trạng'] },
  { canonical: 'keywords', label: 'từ khóa', aliases: ['từ khóa', 'từ khoá'] },
  { canonical: 'group', label: 'nhóm', aliases: ['nhóm', 'nhóm thủ tục'] },
];

export function columnLabel(canonical: string): string {
  return PROCEDURE_COLUMNS.find((c) => c.canonical === canonical)?.label ?? canonical;
}
