/**
 * A small built-in list of real national procedure codes for the demo history, used when no catalogue is given (or
 * for an authority the catalogue lacks). Names are those of the national catalogue (as in ../shared/data, or the
 * Ministry of Public Security's portal for the residence procedures). Processing times are typical working-day
 * limits, rounded; weights give the relative volume in a district-level city like Phú Quốc (land-heavy).
 * Land codes are the 2024 Land Law codes, which the national catalogue uses today.
 */
import type { TAuthority } from '../org.ts';

export interface TDemoProcedure {
  code: string;
  authority: TAuthority;
  name?: string;
  /** Working days from receipt to the due date (hẹn trả). */
  processingDays?: number;
  /** Relative volume; default 1. */
  weight?: number;
  /** Also received at lower-level counters (a district procedure filed at a ward). */
  anyCounter?: boolean;
}

export const BUILTIN_PROCEDURES: readonly TDemoProcedure[] = [
  // District (UBND thành phố)
  { code: '1.013978', authority: 'district', processingDays: 30, weight: 14, name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu đối với hộ gia đình, cá nhân, cộng đồng dân cư, người gốc Việt Nam định cư ở nước ngoài' },
  { code: '1.013949', authority: 'district', processingDays: 20, weight: 5, name: 'Giao đất, cho thuê đất, chuyển mục đích sử dụng đất' },
  { code: '1.013992', authority: 'district', processingDays: 7, weight: 4, name: 'Đăng ký biến động chuyển mục đích sử dụng đất không phải xin phép cơ quan nhà nước có thẩm quyền' },
  { code: '1.001612', authority: 'district', processingDays: 3, weight: 10, anyCounter: true, name: 'Đăng ký thành lập hộ kinh doanh' },
  { code: '2.000720', authority: 'district', processingDays: 3, weight: 5, anyCounter: true, name: 'Đăng ký thay đổi nội dung đăng ký hộ kinh doanh' },
  { code: '1.001266', authority: 'district', processingDays: 3, weight: 2, name: 'Chấm dứt hoạt động hộ kinh doanh' },
  { code: '1.001570', authority: 'district', processingDays: 3, weight: 2, name: 'Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh' },
  { code: '2.001283', authority: 'district', processingDays: 15, weight: 1, name: 'Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai' },
  { code: '2.000806', authority: 'district', processingDays: 15, weight: 1, name: 'Thủ tục đăng ký kết hôn có yếu tố nước ngoài' },
  { code: '2.000528', authority: 'district', processingDays: 3, weight: 1, name: 'Thủ tục đăng ký khai sinh có yếu tố nước ngoài' },
  { code: '2.002189', authority: 'district', processingDays: 5, weight: 1, name: 'Thủ tục ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài' },
  // Province, received at the city counter (land registration office branch)
  { code: '1.012787', authority: 'province', processingDays: 10, weight: 6, name: 'Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất cho người nhận chuyển nhượng quyền sử dụng đất, quyền sở hữu nhà ở, công trình xây dựng' },
  { code: '1.012783', authority: 'province', processingDays: 7, weight: 4, name: 'Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất' },
  { code: '1.013995', authority: 'province', processingDays: 15, weight: 3, name: 'Đăng ký tài sản gắn liền với thửa đất đã được cấp Giấy chứng nhận hoặc đăng ký thay đổi về tài sản gắn liền với đất' },
  { code: '1.011443', authority: 'province', processingDays: 1, weight: 5, name: 'Xoá Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất' },
  { code: '1.011445', authority: 'province', processingDays: 2, weight: 1, name: 'Chuyển tiếp đăng ký thế chấp quyền tài sản phát sinh từ hợp đồng mua bán nhà ở hoặc từ hợp đồng mua bán tài sản khác gắn liền với đất' },
  { code: '1.012796', authority: 'province', processingDays: 10, weight: 2, name: 'Đính chính Giấy chứng nhận đã cấp lần đầu có sai sót' },
  { code: '1.012756', authority: 'province', processingDays: 20, weight: 1, name: 'Đăng ký đất đai lần đầu đối với trường hợp được Nhà nước giao đất để quản lý' },
  { code: '1.012818', authority: 'province', processingDays: 30, weight: 2, name: 'Thu hồi Giấy chứng nhận đã cấp lần đầu không đúng quy định của pháp luật đất đai do người sử dụng đất, chủ sở hữu tài sản gắn liền với đất phát hiện và cấp lại Giấy chứng nhận sau khi thu hồi' },
  { code: '1.000703', authority: 'province', processingDays: 5, weight: 1, name: 'Cấp Giấy phép kinh doanh vận tải bằng xe ô tô, bằng xe bốn bánh có gắn động cơ' },
  // Vertical (police: residence), received at the city counter
  { code: '1.004222', authority: 'vertical', processingDays: 7, weight: 3, name: 'Đăng ký thường trú' },
  { code: '1.004194', authority: 'vertical', processingDays: 3, weight: 4, name: 'Đăng ký tạm trú' },
  { code: '1.003197', authority: 'vertical', processingDays: 2, weight: 1, name: 'Xóa đăng ký thường trú' },
  { code: '1.002755', authority: 'vertical', processingDays: 3, weight: 1, name: 'Gia hạn tạm trú' },
  // Commune
  { code: '1.001193', authority: 'commune', processingDays: 1, weight: 8, name: 'Thủ tục đăng ký khai sinh' },
  { code: '1.000656', authority: 'commune', processingDays: 1, weight: 2, name: 'Thủ tục đăng ký khai tử' },
  { code: '1.000894', authority: 'commune', processingDays: 1, weight: 2, name: 'Thủ tục đăng ký kết hôn' },
  { code: '1.004873', authority: 'commune', processingDays: 3, weight: 5, name: 'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân' },
  { code: '2.000635', authority: 'commune', processingDays: 1, weight: 4, name: 'Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh' },
  { code: '2.000815', authority: 'commune', processingDays: 1, weight: 8, name: 'Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận' },
  { code: '2.000884', authority: 'commune', processingDays: 1, weight: 3, name: 'Thủ tục chứng thực chữ ký trong các giấy tờ, văn bản' },
  { code: '2.001035', authority: 'commune', processingDays: 2, weight: 6, name: 'Thủ tục chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất, nhà ở' },
  { code: '1.004859', authority: 'commune', processingDays: 3, weight: 2, name: 'Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch' },
  { code: '1.001776', authority: 'commune', processingDays: 15, weight: 1, name: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng' },
  { code: '1.001699', authority: 'commune', processingDays: 25, weight: 1, name: 'Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật' },
  { code: '1.012812', authority: 'commune', processingDays: 30, weight: 1, name: 'Hòa giải tranh chấp đất đai' },
  { code: '1.010833', authority: 'commune', processingDays: 5, weight: 1, name: 'Cấp giấy xác nhận thân nhân của người có công' },
];
