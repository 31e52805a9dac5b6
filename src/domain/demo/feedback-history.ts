/**
 * A deterministic, realistic PAKN history (feedback and petitions received 02/01–31/08/2024) for the Phú Quốc demo
 * organisation, whose 06/2024 figures (15/05–14/06/2024) equal golden/2024-06.json `feedback` exactly.
 *
 * By construction, like the dossier history:
 * 1. Every item in the scope of 06/2024 comes from a plan (FEEDBACK_PLAN): per source, per side (carried over /
 *    new) and per outcome (resolved in the period / still processing at the cut-off), an exact count. Each is placed
 *    by drawing a receipt date on the right side of 15/05 and a closing date inside the period, after the cut-off,
 *    or none (still open on 31/08/2024, the day the history's state is taken).
 * 2. Everything else is free and drawn naturally: items received before 15/05 and answered before it (a draw that
 *    would still be open on 15/05 is dropped — the plan owns the carried-over ones), and items received from 15/06.
 * 3. The generator recomputes the 06/2024 figures with the reference and throws if any differs.
 * Contents are composed from templates about procedures and public services in Phú Quốc (no personal data); units
 * come from the organisation; due dates are 10 working days after receipt (src/domain/calendar.ts); city items get
 * PA-YYMM-NNNN codes numbered in order of receipt within each month. Randomness is the seeded Rng; no clock.
 */
import { addWorkingDays, isWorkingDay, type THolidays } from '../calendar.ts';
import { computeFeedbackFiguresReference } from '../feedback/figures.ts';
import { FEEDBACK_SOURCES, formatFeedbackCode, sequenceMonth, type TFeedbackItem, type TFeedbackSource, type TRoutedBy } from '../feedback/model.ts';
import type { TFeedbackFigures } from '../figures/contract.ts';
import { addDays, daysBetween, type TIsoDate } from '../format.ts';
import type { TOrg, TUnit } from '../org.ts';
import { periodForMonth } from '../periods.ts';
import { Rng } from './rng.ts';

export const DEMO_FEEDBACK = {
  from: '2024-01-02',
  to: '2024-08-31',
  /** The state of every item is taken on this day: anything closing later is still open. */
  asOf: '2024-08-31',
  answerWorkingDays: 10,
} as const;

const PERIOD = periodForMonth(2024, 6, 'decree-09-2019');
const S = PERIOD.start;
const E = PERIOD.end;

/** [resolved in the period, processing at the cut-off] per side; the sums are golden/2024-06.json `feedback`. */
export const FEEDBACK_PLAN: Record<TFeedbackSource, { carried: readonly [number, number]; new: readonly [number, number] }> = {
  national_portal: { carried: [0, 3], new: [0, 0] },
  province: { carried: [0, 5], new: [0, 2] },
  city: { carried: [2, 14], new: [1, 3] },
};

/** The figures the plan gives for 06/2024. */
export function plannedFeedbackFigures(): Record<TFeedbackSource, TFeedbackFigures> {
  return Object.fromEntries(
    FEEDBACK_SOURCES.map((s) => {
      const p = FEEDBACK_PLAN[s];
      return [s, { new: p.new[0] + p.new[1], carried_over: p.carried[0] + p.carried[1], resolved: p.carried[0] + p.new[0], processing: p.carried[1] + p.new[1] }];
    }),
  ) as Record<TFeedbackSource, TFeedbackFigures>;
}

/** Items per month outside the plan: received before 15/05 and answered before it; received from 15/06. */
const FREE_PER_MONTH: Record<TFeedbackSource, { before: number; after: number }> = {
  national_portal: { before: 0.8, after: 1.2 },
  province: { before: 1.2, after: 2 },
  city: { before: 2.5, after: 5 },
};

/** Mean working days to an answer, and the share answered within the 10 days. */
const ANSWER_MEAN_DAYS: Record<TFeedbackSource, number> = { national_portal: 14, province: 12, city: 7 };

const CITY_CHANNELS = [
  { channel: 'zalo', weight: 5 },
  { channel: 'hotline', weight: 2 },
  { channel: 'counter', weight: 3 },
] as const;

/** Relative volume of items about each local unit (roughly by population). */
const PLACE_WEIGHTS: Record<string, number> = {
  'DUONG-DONG': 30,
  'AN-THOI': 16,
  'CUA-DUONG': 10,
  'DUONG-TO': 9,
  'HAM-NINH': 6,
  'GANH-DAU': 5,
  'CUA-CAN': 5,
  'BAI-THOM': 4,
  'THO-CHAU': 1,
};

/** Streets of the two wards; elsewhere the text names the commune's main road. */
const STREETS: Record<string, readonly string[]> = {
  'DUONG-DONG': ['đường 30 Tháng 4', 'đường Trần Hưng Đạo', 'đường Nguyễn Trung Trực', 'đường Hùng Vương', 'đường Cách Mạng Tháng Tám', 'đường Bạch Đằng'],
  'AN-THOI': ['đường Nguyễn Văn Cừ', 'đường Nguyễn Trung Trực (An Thới)', 'tuyến đường vào cảng An Thới'],
};

// ---------------------------------------------------------------------------------------------------------------
// Contents

type TScope = 'city' | 'local';

interface TTemplate {
  /** 'city': answered by the city's departments through the city counter; 'local': by the ward or commune */
  scope: TScope;
  /** relative weight per source (absent: never from that source) */
  sources: Partial<Record<TFeedbackSource, number>>;
  procedureCode?: string;
  subject: string;
  content: readonly string[];
  answer: string;
}

/**
 * Slots: {noi} a place within the unit the item is about, {dv} that ward / commune, {quay} the one-stop counter of
 * the unit that answers, {duong} a street of the place, {n} a small number, {ngay} a date shortly before receipt.
 */
const TEMPLATES: readonly TTemplate[] = [
  {
    scope: 'city', sources: { city: 4, national_portal: 3, province: 2 }, procedureCode: '1.013978',
    subject: 'Chậm cấp Giấy chứng nhận quyền sử dụng đất lần đầu',
    content: [
      'Gia đình tôi nộp hồ sơ đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho thửa đất tại {noi} từ {n} tháng trước, đã quá ngày hẹn trả nhưng chưa nhận được kết quả. Đề nghị cơ quan chức năng kiểm tra, cho biết hồ sơ đang vướng ở khâu nào và thời gian dự kiến trả kết quả.',
      'Hồ sơ cấp Giấy chứng nhận quyền sử dụng đất lần đầu của tôi (thửa đất ở {noi}) đã quá hẹn hơn {n} tuần. Mỗi lần hỏi đều được trả lời là đang chờ xác minh. Kính đề nghị xem xét giải quyết dứt điểm.',
    ],
    answer: 'Văn phòng Đăng ký đất đai chi nhánh Phú Quốc đã kiểm tra: hồ sơ phải xác minh nguồn gốc sử dụng đất với UBND {dv}. Việc xác minh đã hoàn tất; Giấy chứng nhận dự kiến trả trong 05 ngày làm việc, Bộ phận một cửa sẽ báo khi có kết quả. Xin lỗi ông/bà vì sự chậm trễ.',
  },
  {
    scope: 'city', sources: { city: 3, national_portal: 2, province: 1 }, procedureCode: '1.012787',
    subject: 'Hồ sơ đăng ký biến động đất đai bị yêu cầu bổ sung nhiều lần',
    content: [
      'Tôi nhận chuyển nhượng một thửa đất tại {noi}. Hồ sơ đăng ký biến động nộp qua Cổng dịch vụ công đã {n} lần bị yêu cầu bổ sung, mỗi lần một nội dung khác nhau. Đề nghị hướng dẫn đầy đủ một lần các giấy tờ còn thiếu.',
      'Đề nghị cán bộ tiếp nhận hồ sơ đăng ký sang tên quyền sử dụng đất hướng dẫn một lần, đầy đủ; hồ sơ của tôi (thửa đất ở {noi}) đã phải bổ sung {n} lần, đi lại rất mất thời gian.',
    ],
    answer: 'Chi nhánh Văn phòng Đăng ký đất đai đã liên hệ hướng dẫn ông/bà bổ sung một lần toàn bộ thành phần hồ sơ theo quy định; hồ sơ đã được tiếp nhận đầy đủ. Cán bộ tiếp nhận đã được nhắc nhở thực hiện đúng việc hướng dẫn một lần, đầy đủ.',
  },
  {
    scope: 'city', sources: { city: 2, national_portal: 1 }, procedureCode: '1.013949',
    subject: 'Hồ sơ chuyển mục đích sử dụng đất bị trả lại',
    content: [
      'Hồ sơ xin chuyển mục đích sử dụng đất từ đất trồng cây lâu năm sang đất ở tại {noi} của tôi bị trả lại với lý do chưa phù hợp quy hoạch, trong khi thửa đất liền kề đã được chuyển. Đề nghị giải thích rõ căn cứ.',
    ],
    answer: 'Phòng Tài nguyên và Môi trường trả lời: thửa đất của ông/bà nằm trong khu vực quy hoạch đất cây xanh theo quy hoạch phân khu đã phê duyệt, nên chưa đủ điều kiện chuyển mục đích sử dụng đất; thửa liền kề nằm ngoài ranh quy hoạch này. Ông/bà có thể xem bản đồ quy hoạch tại Bộ phận một cửa thành phố.',
  },
  {
    scope: 'city', sources: { city: 2, province: 3, national_portal: 1 },
    subject: 'Kiến nghị về đơn giá bồi thường khi thu hồi đất',
    content: [
      'Kiến nghị xem xét lại đơn giá bồi thường, hỗ trợ khi Nhà nước thu hồi đất để thực hiện dự án mở rộng {duong}; mức giá áp dụng thấp hơn nhiều so với giá chuyển nhượng thực tế tại khu vực.',
      'Các hộ dân có đất bị thu hồi tại {noi} đề nghị được đối thoại về phương án bồi thường, hỗ trợ và tái định cư trước khi phê duyệt, vì chưa được lấy ý kiến đầy đủ.',
    ],
    answer: 'Ban Quản lý dự án đầu tư xây dựng thành phố đã phối hợp với UBND {dv} tổ chức đối thoại với các hộ dân; đơn giá bồi thường được áp dụng theo bảng giá đất và hệ số điều chỉnh do UBND tỉnh ban hành. Kiến nghị về giá đã được tổng hợp báo cáo UBND tỉnh xem xét.',
  },
  {
    scope: 'city', sources: { city: 2, province: 2 },
    subject: 'Đề nghị công khai quy hoạch chi tiết',
    content: [
      'Đề nghị công khai quy hoạch phân khu tại {noi}; người dân không biết thửa đất của mình có nằm trong quy hoạch hay không để làm thủ tục tách thửa, xây nhà.',
    ],
    answer: 'Quy hoạch phân khu khu vực này đã được công bố; bản vẽ được niêm yết tại trụ sở UBND {dv} và đăng trên Cổng thông tin điện tử thành phố. Người dân có thể đến Phòng Quản lý đô thị để được cung cấp thông tin quy hoạch của từng thửa đất.',
  },
  {
    scope: 'city', sources: { city: 3, national_portal: 1 },
    subject: 'Hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ',
    content: [
      'Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ tại {noi} cần những giấy tờ gì, thời gian giải quyết bao lâu và có nộp trực tuyến được không?',
      'Tôi muốn sửa chữa, nâng tầng nhà ở tại {noi}. Xin hướng dẫn trường hợp nào phải xin giấy phép xây dựng và hồ sơ cần chuẩn bị.',
    ],
    answer: 'Phòng Quản lý đô thị hướng dẫn: hồ sơ gồm đơn đề nghị cấp giấy phép xây dựng, giấy tờ về quyền sử dụng đất và bản vẽ thiết kế; thời hạn giải quyết 15 ngày; có thể nộp trực tuyến trên Cổng dịch vụ công hoặc tại Bộ phận một cửa thành phố. Chi tiết từng trường hợp được miễn giấy phép đã gửi kèm.',
  },
  {
    scope: 'city', sources: { city: 3, national_portal: 1 }, procedureCode: '1.001612',
    subject: 'Chậm cấp Giấy chứng nhận đăng ký hộ kinh doanh',
    content: [
      'Tôi đăng ký thành lập hộ kinh doanh (quán ăn) tại {noi}, đã nộp hồ sơ trực tuyến nhưng quá 03 ngày làm việc vẫn chưa nhận được Giấy chứng nhận đăng ký hộ kinh doanh. Đề nghị xem xét giải quyết.',
    ],
    answer: 'Phòng Tài chính – Kế hoạch đã kiểm tra: hồ sơ bị trả về do tên hộ kinh doanh trùng với một hộ đã đăng ký; cán bộ đã gọi điện hướng dẫn đổi tên. Giấy chứng nhận đã được cấp và trả qua dịch vụ bưu chính công ích.',
  },
  {
    scope: 'city', sources: { city: 3, national_portal: 4 },
    subject: 'Đã thanh toán lệ phí trực tuyến nhưng hệ thống báo chưa thanh toán',
    content: [
      'Khi nộp hồ sơ trên Cổng dịch vụ công, tôi thanh toán lệ phí trực tuyến, tài khoản đã bị trừ tiền nhưng hệ thống vẫn báo chưa thanh toán nên hồ sơ không được tiếp nhận. Đề nghị kiểm tra và xác nhận giúp.',
    ],
    answer: 'Bộ phận một cửa thành phố đã đối soát với ngân hàng: khoản thanh toán đã được ghi nhận, hồ sơ đã được tiếp nhận và xử lý bình thường. Lỗi hiển thị do đồng bộ trạng thái thanh toán chậm đã được báo đơn vị quản lý Cổng khắc phục.',
  },
  {
    scope: 'city', sources: { city: 2, national_portal: 3 },
    subject: 'Không đăng nhập được Cổng dịch vụ công bằng tài khoản VNeID',
    content: [
      'Tôi không đăng nhập được Cổng dịch vụ công bằng tài khoản định danh điện tử để nộp hồ sơ; hệ thống báo lỗi xác thực. Đề nghị hướng dẫn cách khắc phục.',
    ],
    answer: 'Bộ phận một cửa đã hướng dẫn: lỗi do tài khoản định danh điện tử mức 1 chưa được nâng lên mức 2. Ông/bà vui lòng đến công an phường, xã nơi cư trú để kích hoạt mức 2, hoặc đến Bộ phận một cửa để được hỗ trợ nộp hồ sơ.',
  },
  {
    scope: 'city', sources: { city: 2 },
    subject: 'Chưa nhận được kết quả qua dịch vụ bưu chính công ích',
    content: [
      'Tôi đăng ký nhận kết quả giải quyết thủ tục qua dịch vụ bưu chính công ích nhưng sau {n} tuần vẫn chưa nhận được, trong khi tra cứu thấy hồ sơ đã có kết quả. Đề nghị kiểm tra.',
    ],
    answer: 'Bộ phận một cửa đã phối hợp với Bưu điện Phú Quốc kiểm tra: bưu phẩm bị chuyển hoàn do sai địa chỉ nhận. Kết quả đã được chuyển phát lại theo địa chỉ ông/bà xác nhận.',
  },
  {
    scope: 'city', sources: { city: 2, national_portal: 1 }, procedureCode: '1.004222',
    subject: 'Hồ sơ đăng ký thường trú chậm xử lý',
    content: [
      'Tôi đã nộp hồ sơ đăng ký thường trú cho gia đình trên Cổng dịch vụ công từ {n} tuần nhưng trạng thái vẫn là “đang xử lý”. Đề nghị cơ quan công an kiểm tra và trả lời.',
    ],
    answer: 'Công an thành phố trả lời: hồ sơ thiếu văn bản đồng ý cho đăng ký thường trú của chủ hộ; cán bộ đã gửi yêu cầu bổ sung qua Cổng dịch vụ công. Sau khi bổ sung, hồ sơ được giải quyết trong 07 ngày làm việc.',
  },
  {
    scope: 'local', sources: { city: 4 },
    subject: 'Thái độ phục vụ của cán bộ tiếp nhận hồ sơ',
    content: [
      'Ngày {ngay}, tôi đến {quay} nộp hồ sơ; cán bộ tiếp nhận trả lời thiếu nhiệt tình và không hướng dẫn cụ thể giấy tờ còn thiếu, tôi phải đi lại nhiều lần. Đề nghị chấn chỉnh thái độ phục vụ.',
      'Tôi phản ánh việc cán bộ tại {quay} nghe điện thoại riêng trong lúc tiếp công dân, để người dân chờ lâu. Đề nghị nhắc nhở.',
    ],
    answer: 'UBND {dv} đã xác minh, tổ chức kiểm điểm và nhắc nhở cán bộ liên quan; đồng thời quán triệt toàn bộ công chức Bộ phận một cửa thực hiện đúng quy tắc ứng xử khi tiếp công dân. Cảm ơn ông/bà đã phản ánh.',
  },
  {
    scope: 'local', sources: { city: 2 },
    subject: 'Người dân phải chờ lâu tại Bộ phận một cửa',
    content: [
      '{quay} thường rất đông vào sáng thứ Hai, người dân phải chờ hơn {n} giờ; máy lấy số thứ tự hay bị hỏng. Đề nghị bố trí thêm quầy tiếp nhận và sửa máy lấy số.',
    ],
    answer: 'UBND {dv} đã sửa máy lấy số thứ tự và bố trí thêm một công chức tiếp nhận vào sáng thứ Hai, thứ Ba; khuyến khích người dân nộp hồ sơ trực tuyến để không phải chờ.',
  },
  {
    scope: 'local', sources: { city: 2 },
    subject: 'Đề nghị cập nhật bảng niêm yết thủ tục hành chính',
    content: [
      'Bảng niêm yết thủ tục hành chính và mức phí, lệ phí tại {quay} đã cũ, nhiều thủ tục không còn đúng với quy định hiện hành. Đề nghị cập nhật để người dân tiện tra cứu.',
    ],
    answer: 'UBND {dv} đã cập nhật lại bảng niêm yết theo danh mục thủ tục hành chính mới nhất và bổ sung mã QR để người dân tra cứu trên điện thoại.',
  },
  {
    scope: 'local', sources: { city: 3 }, procedureCode: '1.001193',
    subject: 'Chưa nhận được giấy khai sinh',
    content: [
      'Tôi đăng ký khai sinh cho con tại UBND {dv}, được hẹn trả trong ngày nhưng đến nay chưa nhận được giấy khai sinh bản chính. Đề nghị kiểm tra.',
    ],
    answer: 'UBND {dv} đã kiểm tra: giấy khai sinh đã ký nhưng chưa được trả do sơ suất của công chức tư pháp – hộ tịch. Đơn vị đã liên hệ trả kết quả và xin lỗi ông/bà.',
  },
  {
    scope: 'local', sources: { city: 2 }, procedureCode: '1.004873',
    subject: 'Thời hạn cấp Giấy xác nhận tình trạng hôn nhân',
    content: [
      'Tôi cần Giấy xác nhận tình trạng hôn nhân để làm thủ tục vay vốn, đã nộp hồ sơ tại UBND {dv} hơn một tuần nhưng được báo phải chờ xác minh nơi cư trú trước đây. Đề nghị cho biết thời hạn giải quyết cụ thể.',
    ],
    answer: 'UBND {dv} trả lời: do ông/bà từng cư trú ở tỉnh khác nên phải xác minh theo quy định; thời hạn là 03 ngày làm việc kể từ khi nhận kết quả xác minh. Kết quả xác minh đã nhận, giấy xác nhận đã được cấp.',
  },
  {
    scope: 'local', sources: { city: 2 }, procedureCode: '2.000815',
    subject: 'Thu phí chứng thực không đúng quy định',
    content: [
      'Khi chứng thực bản sao tại UBND {dv}, tôi được thu phí cao hơn mức quy định và không được cấp biên lai. Đề nghị kiểm tra, làm rõ.',
    ],
    answer: 'UBND {dv} đã kiểm tra sổ thu phí: khoản thu đúng mức 2.000 đồng/trang cho trang thứ nhất và thứ hai, từ trang thứ ba là 1.000 đồng/trang. Việc không giao biên lai là thiếu sót; đơn vị đã chấn chỉnh và gửi lại biên lai cho ông/bà.',
  },
  {
    scope: 'local', sources: { city: 2 }, procedureCode: '1.001776',
    subject: 'Chậm xét duyệt trợ cấp xã hội hàng tháng',
    content: [
      'Mẹ tôi năm nay 80 tuổi, thuộc diện hưởng trợ cấp xã hội hàng tháng; hồ sơ đã nộp tại UBND {dv} từ {n} tháng trước nhưng chưa được xét duyệt. Đề nghị xem xét sớm.',
    ],
    answer: 'UBND {dv} đã họp Hội đồng xét duyệt và chuyển hồ sơ lên Phòng Lao động – Thương binh và Xã hội thành phố; trợ cấp được chi trả từ tháng kế tiếp, truy lĩnh từ tháng nộp đủ hồ sơ.',
  },
  {
    scope: 'local', sources: { city: 1, province: 1 }, procedureCode: '1.012812',
    subject: 'Đề nghị hòa giải tranh chấp ranh giới đất',
    content: [
      'Đề nghị UBND {dv} tổ chức hòa giải tranh chấp ranh giới đất giữa hai hộ tại {noi}; đơn đã gửi từ {n} tháng trước nhưng chưa được mời hòa giải.',
    ],
    answer: 'UBND {dv} đã tổ chức hòa giải; hai bên thống nhất cắm lại mốc ranh giới theo bản đồ địa chính. Biên bản hòa giải thành đã gửi các bên.',
  },
  {
    scope: 'local', sources: { city: 5, province: 1 },
    subject: 'Rác thải sinh hoạt tồn đọng',
    content: [
      'Rác thải sinh hoạt tồn đọng nhiều ngày tại {noi}, bốc mùi hôi, ảnh hưởng đến người dân và khách du lịch. Đề nghị đơn vị thu gom xử lý và bố trí lịch thu gom ổn định.',
      'Xe thu gom rác không vào {noi} đã hơn {n} tuần, người dân phải để rác ven đường. Đề nghị kiểm tra lịch thu gom.',
    ],
    answer: 'UBND {dv} đã phối hợp với đơn vị thu gom xử lý toàn bộ rác tồn đọng và bố trí thu gom hằng ngày vào buổi sáng; người dân vui lòng để rác đúng giờ, đúng nơi quy định.',
  },
  {
    scope: 'local', sources: { city: 2, province: 1 },
    subject: 'Rác thải nhựa dạt vào bãi biển',
    content: [
      'Bãi biển thuộc {dv} có nhiều rác thải nhựa dạt vào bờ sau các đợt gió mùa Tây Nam nhưng chưa được dọn. Đề nghị tổ chức thu gom.',
    ],
    answer: 'UBND {dv} đã huy động lực lượng đoàn viên, thanh niên và đơn vị vệ sinh môi trường ra quân dọn rác bãi biển; việc thu gom được duy trì hằng tuần trong mùa gió Tây Nam.',
  },
  {
    scope: 'local', sources: { city: 4 },
    subject: 'Đèn chiếu sáng công cộng bị hư',
    content: [
      'Đèn chiếu sáng công cộng trên {duong} bị hư nhiều ngày, buổi tối rất tối, dễ xảy ra tai nạn giao thông. Đề nghị sửa chữa.',
    ],
    answer: 'Đơn vị quản lý chiếu sáng công cộng đã thay bóng và sửa tủ điện trên tuyến đường; hệ thống đã hoạt động bình thường.',
  },
  {
    scope: 'local', sources: { city: 3 },
    subject: 'Ngập nước khi mưa lớn',
    content: [
      'Mỗi khi mưa lớn, {duong} bị ngập sâu do cống thoát nước bị tắc, xe máy chết máy giữa đường. Đề nghị nạo vét hệ thống thoát nước.',
    ],
    answer: 'UBND {dv} đã phối hợp với đơn vị quản lý hạ tầng nạo vét các hố ga, cống thoát nước trên tuyến; việc cải tạo cống được đưa vào kế hoạch năm sau.',
  },
  {
    scope: 'local', sources: { city: 3, province: 1 },
    subject: 'Cúp nước sinh hoạt không báo trước',
    content: [
      'Các hộ dân tại {noi} bị cúp nước sinh hoạt {n} ngày liên tục mà không có thông báo trước. Đề nghị đơn vị cấp nước cấp nước ổn định và thông báo lịch cúp nước.',
    ],
    answer: 'Công ty cấp nước cho biết việc gián đoạn do sự cố vỡ đường ống chính; đường ống đã được sửa, nước đã cấp lại. Công ty cam kết thông báo trước trên Zalo và loa phát thanh khi có kế hoạch ngừng cấp nước.',
  },
  {
    scope: 'local', sources: { city: 3, province: 1 },
    subject: 'Đường giao thông xuống cấp',
    content: [
      'Tuyến đường vào {noi} xuống cấp, nhiều ổ gà lớn, mùa mưa đọng nước, học sinh đi lại khó khăn. Đề nghị sớm sửa chữa.',
    ],
    answer: 'UBND {dv} đã vá tạm các ổ gà trên tuyến; việc nâng cấp mặt đường đã được đưa vào danh mục đầu tư công trung hạn của thành phố.',
  },
  {
    scope: 'local', sources: { city: 2 },
    subject: 'Tiếng ồn từ quán karaoke',
    content: [
      'Một số quán karaoke tại {noi} hoạt động quá 22 giờ, gây tiếng ồn ảnh hưởng đến việc nghỉ ngơi của người dân xung quanh. Đề nghị kiểm tra, xử lý.',
    ],
    answer: 'Công an {dv} đã kiểm tra, lập biên bản và nhắc nhở các cơ sở kinh doanh karaoke chấp hành quy định về giờ hoạt động và tiếng ồn; sẽ tiếp tục kiểm tra đột xuất.',
  },
  {
    scope: 'local', sources: { city: 3, province: 2, national_portal: 1 },
    subject: 'Công trình xây dựng không phép',
    content: [
      'Phát hiện công trình xây dựng không phép trên đất nông nghiệp tại {noi}. Đề nghị cơ quan chức năng kiểm tra, xử lý theo quy định.',
      'Có hiện tượng san lấp mặt bằng, phân lô trái phép tại {noi}. Đề nghị chính quyền địa phương kiểm tra, ngăn chặn.',
    ],
    answer: 'UBND {dv} đã kiểm tra hiện trường, lập biên bản vi phạm hành chính về trật tự xây dựng và yêu cầu chủ công trình tự tháo dỡ; hồ sơ đã chuyển Phòng Quản lý đô thị xử lý theo thẩm quyền.',
  },
  {
    scope: 'local', sources: { city: 2 },
    subject: 'Lấn chiếm vỉa hè để kinh doanh',
    content: [
      'Nhiều hộ kinh doanh trên {duong} lấn chiếm vỉa hè để bày bán hàng hóa, người đi bộ phải đi xuống lòng đường. Đề nghị lập lại trật tự đô thị.',
    ],
    answer: 'UBND {dv} đã ra quân lập lại trật tự vỉa hè trên tuyến, nhắc nhở và xử lý các trường hợp tái phạm.',
  },
  {
    scope: 'local', sources: { city: 2, province: 2 },
    subject: 'Nước thải xả ra kênh gây ô nhiễm',
    content: [
      'Nước thải từ một cơ sở lưu trú tại {noi} xả trực tiếp ra kênh, gây ô nhiễm và mùi hôi. Đề nghị kiểm tra.',
    ],
    answer: 'Đoàn kiểm tra liên ngành đã lấy mẫu nước thải; cơ sở bị xử phạt do chưa vận hành hệ thống xử lý nước thải và được yêu cầu khắc phục trong 30 ngày.',
  },
];

const REJECT_REASONS: readonly string[] = [
  'Nội dung phản ánh không thuộc thẩm quyền giải quyết của đơn vị; đã hướng dẫn người gửi chuyển đến cơ quan có thẩm quyền.',
  'Nội dung chưa rõ địa điểm, thời gian để xác minh; đề nghị người gửi bổ sung thông tin và gửi lại.',
  'Nội dung trùng với phản ánh đã được trả lời trước đó; đã gửi lại văn bản trả lời.',
];

// ---------------------------------------------------------------------------------------------------------------

/** An item of the history: the whole row, with the reminder and the overdue alert marked where they fell due. */
export type TDemoFeedback = Omit<TFeedbackItem, 'citizenUserId' | 'location'> & {
  remindedAt: string | null;
  overdueAlertedAt: string | null;
};

export interface TFeedbackHistoryOptions {
  /** The demo organisation (config/org-phu-quoc-2024.json). */
  org: TOrg;
  /** Public holidays (config/holidays-vi.json): due dates skip them. */
  holidays: THolidays;
  seed?: number;
}

interface TDraft {
  source: TFeedbackSource;
  received: TIsoDate;
  /** closing date; undefined: still open on asOf */
  closed?: TIsoDate;
}

/** An instant in Viet Nam (UTC+7) as an ISO UTC string. */
function vnInstant(date: TIsoDate, minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return new Date(`${date}T${hh}:${mm}:00+07:00`).toISOString();
}

function subtractWorkingDays(date: TIsoDate, days: number, holidays: THolidays): TIsoDate {
  let d = date;
  let left = days;
  while (left > 0) {
    d = addDays(d, -1);
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/** Generates the history; the same options always give the same items, ordered by receipt. */
export function generateFeedbackHistory(options: TFeedbackHistoryOptions): TDemoFeedback[] {
  const { org, holidays } = options;
  const rng = new Rng(options.seed ?? 2024_06_14);
  const { from, asOf } = DEMO_FEEDBACK;

  const topLevel = org.levels[0]?.code;
  const cityUnit = org.units.find((u) => u.code === org.defaultDesk) ?? org.units.find((u) => u.level === topLevel) ?? org.units[0]!;
  const localUnits = org.units.filter((u) => u.level !== topLevel);
  const places = localUnits.length > 0 ? localUnits : [cityUnit];
  const placeWeight = (u: TUnit) => PLACE_WEIGHTS[u.code] ?? 1;

  const workingDayOnOrAfter = (d: TIsoDate) => addWorkingDays(d, 0, holidays);
  /** A receipt day in [lo, hi]; official channels only on working days. */
  const receiptIn = (lo: TIsoDate, hi: TIsoDate, officeOnly: boolean): TIsoDate => {
    for (;;) {
      const d = addDays(lo, rng.int(0, daysBetween(lo, hi)));
      if (!officeOnly || isWorkingDay(d, holidays)) return d;
    }
  };
  /** A closing (answer) day: a working day in [lo, hi], or undefined when there is none. */
  const workingDayIn = (lo: TIsoDate, hi: TIsoDate): TIsoDate | undefined => {
    const days: TIsoDate[] = [];
    for (let d = workingDayOnOrAfter(lo); d <= hi; d = addWorkingDays(d, 1, holidays)) days.push(d);
    return days.length > 0 ? rng.pick(days) : undefined;
  };
  const answerDay = (source: TFeedbackSource, received: TIsoDate): TIsoDate =>
    addWorkingDays(received, 1 + rng.geometric(ANSWER_MEAN_DAYS[source] - 1), holidays);

  // 1. The plan of 06/2024.
  const drafts: TDraft[] = [];
  for (const source of FEEDBACK_SOURCES) {
    const plan = FEEDBACK_PLAN[source];
    const officeOnly = source === 'province';
    for (const side of ['carried', 'new'] as const) {
      const [resolved, processing] = plan[side];
      for (let i = 0; i < resolved + processing; i++) {
        // Carried-over items: older ones rarer (a backlog thins out), never before the history starts.
        let received: TIsoDate;
        if (side === 'new') received = receiptIn(S, E, officeOnly);
        else {
          do received = addDays(S, -1 - rng.geometric(40));
          while (received < from || (officeOnly && !isWorkingDay(received, holidays)));
        }
        let closed: TIsoDate | undefined;
        if (i < resolved) closed = workingDayIn(received > S ? received : S, E) ?? E;
        else if (rng.chance(source === 'city' ? 0.55 : 0.4)) closed = workingDayIn(addDays(E, 1), addDays(E, 60) < asOf ? addDays(E, 60) : asOf);
        drafts.push({ source, received, ...(closed !== undefined ? { closed } : {}) });
      }
    }
  }

  // 2. Free items: answered before 15/05 (a draw still open then is dropped), and received from 15/06.
  const months = Math.round(daysBetween(from, S) / 30.4);
  for (const source of FEEDBACK_SOURCES) {
    const officeOnly = source === 'province';
    const before = rng.count(FREE_PER_MONTH[source].before * months);
    for (let i = 0; i < before; i++) {
      const received = receiptIn(from, addDays(S, -1), officeOnly);
      const closed = answerDay(source, received);
      if (closed < S) drafts.push({ source, received, closed });
    }
    const afterMonths = daysBetween(E, asOf) / 30.4;
    const after = rng.count(FREE_PER_MONTH[source].after * afterMonths);
    for (let i = 0; i < after; i++) {
      const received = receiptIn(addDays(E, 1), asOf, officeOnly);
      const closed = answerDay(source, received);
      drafts.push({ source, received, ...(closed <= asOf ? { closed } : {}) });
    }
  }

  // 3. Contents, units, channels, times.
  const byTime: (TDemoFeedback & { minutes: number })[] = drafts.map((d) => {
    const template = rng.weighted(TEMPLATES.filter((t) => (t.sources[d.source] ?? 0) > 0), (t) => t.sources[d.source] ?? 0);
    const place = rng.weighted(places, placeWeight);
    const unit = template.scope === 'city' ? cityUnit : place;
    const channel = d.source === 'city' ? rng.weighted(CITY_CHANNELS, (c) => c.weight).channel : d.source;
    // Time of receipt by channel: the counter and the hotline keep office hours, Zalo and the portal do not.
    const minutes =
      channel === 'zalo' ? rng.int(6 * 60, 22 * 60 + 59)
      : channel === 'national_portal' ? rng.int(0, 23 * 60 + 59)
      : channel === 'counter' ? (rng.chance(0.65) ? rng.int(7 * 60 + 30, 11 * 60 + 15) : rng.int(13 * 60 + 30, 16 * 60 + 30))
      : rng.int(7 * 60 + 30, 16 * 60 + 45);
    // Counter and hotline items arrive on working days: move a weekend draw to the next working day (the plan's
    // side of 15/05 and 14/06 is kept: those days are working days in 2024).
    let received = d.received;
    if ((channel === 'counter' || channel === 'hotline') && !isWorkingDay(received, holidays)) {
      const next = workingDayOnOrAfter(received);
      if ((received < S) === (next < S) && (received <= E) === (next <= E) && next <= asOf && (d.closed === undefined || next <= d.closed)) received = next;
    }
    const content = fill(rng.pick(template.content), place, unit, received, rng);
    const dueDate = addWorkingDays(received, DEMO_FEEDBACK.answerWorkingDays, holidays);
    const rejected = d.closed !== undefined && rng.chance(0.07);
    const routedBy: TRoutedBy = d.source !== 'city' ? 'import' : channel === 'zalo' ? (template.procedureCode ? 'procedure' : template.scope === 'local' ? 'chosen' : 'desk') : 'desk';
    const answeredHere = d.closed !== undefined && d.source === 'city';
    const answeredAt = d.closed !== undefined && answeredHere ? vnInstant(d.closed, rng.int(8 * 60, 16 * 60 + 30)) : null;
    const rating = answeredHere && channel === 'zalo' && !rejected ? (rng.chance(0.6) ? 'satisfied' : rng.chance(0.2) ? 'unsatisfied' : null) : null;
    // The workflow reminds the unit 2 working days before the due date and alerts its leaders the day after it,
    // each once, to items still open then: the history marks them as sent.
    const remindDay = subtractWorkingDays(dueDate, 2, holidays);
    const alertDay = addWorkingDays(dueDate, 1, holidays);
    const openOn = (day: TIsoDate) => d.closed === undefined || d.closed > day;
    return {
      minutes,
      code: '',
      source: d.source,
      channel,
      subject: template.subject,
      content,
      unitCode: unit.code,
      routedBy,
      procedureCode: template.procedureCode ?? null,
      status: d.closed === undefined ? 'received' : rejected ? 'rejected' : 'answered',
      receivedAt: vnInstant(received, minutes),
      receivedDate: received,
      dueDate,
      closedDate: d.closed ?? null,
      answer: d.closed !== undefined && !rejected ? fill(template.answer, place, unit, received, rng) : null,
      answeredBy: answeredHere ? 'api:demo' : null,
      answeredAt,
      rejectReason: rejected ? rng.pick(REJECT_REASONS) : null,
      rating,
      reopenCount: 0,
      answerNotice: answeredHere && channel === 'zalo' ? 'chat' : null,
      remindedAt: openOn(remindDay) && remindDay >= received ? vnInstant(remindDay, 8 * 60) : null,
      overdueAlertedAt: openOn(alertDay) ? vnInstant(alertDay, 8 * 60) : null,
    };
  });
  // Stable: items received at the same minute keep the order they were drawn in.
  byTime.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));

  // 4. One citizen not satisfied with a July answer asked again: reopened, open on 31/08.
  const candidates = byTime.filter((x) => x.channel === 'zalo' && x.status === 'answered' && x.closedDate !== null && x.closedDate > E && x.closedDate < addDays(asOf, -10));
  const reopen = candidates.length > 0 ? rng.pick(candidates) : undefined;
  if (reopen) {
    reopen.rating = 'unsatisfied';
    const reopenedOn = workingDayOnOrAfter(addDays(reopen.closedDate as TIsoDate, 3));
    reopen.status = 'reopened';
    reopen.routedBy = 'reopened';
    reopen.closedDate = null;
    reopen.reopenCount = 1;
    reopen.dueDate = addWorkingDays(reopenedOn, DEMO_FEEDBACK.answerWorkingDays, holidays);
    reopen.remindedAt = vnInstant(subtractWorkingDays(reopen.dueDate, 2, holidays), 8 * 60);
    reopen.overdueAlertedAt = vnInstant(addWorkingDays(reopen.dueDate, 1, holidays), 8 * 60);
  }

  // 5. Codes: PA-YYMM-NNNN for the city's items in order of receipt; the other systems' own numbering otherwise.
  const seq = new Map<string, number>();
  let national = 4180;
  let province = 312;
  const items: TDemoFeedback[] = byTime.map(({ minutes: _minutes, ...x }) => {
    let code: string;
    if (x.source === 'city') {
      const month = sequenceMonth(x.receivedDate);
      const n = (seq.get(month) ?? 0) + 1;
      seq.set(month, n);
      code = formatFeedbackCode(x.receivedDate, n);
    } else if (x.source === 'national_portal') {
      national += rng.int(40, 400);
      code = `DVCQG-${sequenceMonth(x.receivedDate)}-${String(national).padStart(6, '0')}`;
    } else {
      province += rng.int(3, 30);
      code = `KG-PAKN-${x.receivedDate.slice(0, 4)}-${String(province).padStart(5, '0')}`;
    }
    return { ...x, code };
  });

  const june = computeFeedbackFiguresReference(items, PERIOD);
  const want = plannedFeedbackFigures();
  for (const s of FEEDBACK_SOURCES) {
    if (JSON.stringify(june[s]) !== JSON.stringify(want[s])) {
      throw new Error(`demo feedback history: 06/2024 ${s} is ${JSON.stringify(june[s])}, planned ${JSON.stringify(want[s])}`);
    }
  }
  return items;
}

/** The ward or commune as its people name it ("phường Dương Đông"); the city's own name for the top unit. */
function localName(u: TUnit): string {
  const ubnd = u.aliases.find((a) => /^UBND /.test(a));
  if (ubnd) return ubnd.slice('UBND '.length);
  return u.aliases.find((a) => /^(phường|xã|thị trấn|thành phố|đặc khu) /i.test(a)) ?? u.shortName ?? u.name;
}

function counterName(u: TUnit): string {
  return `Bộ phận một cửa ${localName(u)}`;
}

function fill(text: string, place: TUnit, unit: TUnit, received: TIsoDate, rng: Rng): string {
  // {dv} is always the place's ward or commune (a city department answers "together with UBND {dv}").
  const where = localName(place);
  const isWard = /^phường /i.test(where);
  const streets = STREETS[place.code];
  const street = streets ? rng.pick(streets) : `tuyến đường trung tâm ${where}`;
  const spot = isWard
    ? `khu phố ${rng.int(1, 9)}, ${where}`
    : rng.pick([`khu dân cư gần chợ ${where}`, `khu dân cư ven biển ${where}`, `ấp trung tâm ${where}`, `khu dân cư gần trụ sở UBND ${where}`]);
  const before = addDays(received, -rng.int(1, 6));
  return text
    .replaceAll('{noi}', spot)
    .replaceAll('{dv}', where)
    .replaceAll('{quay}', counterName(unit))
    .replaceAll('{duong}', street)
    .replaceAll('{n}', String(rng.int(2, 4)))
    .replaceAll('{ngay}', `${before.slice(8, 10)}/${before.slice(5, 7)}/${before.slice(0, 4)}`);
}
