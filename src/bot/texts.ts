/**
 * Every text a citizen or officer reads from the bot, in one catalogue (Vietnamese, NFC, full diacritics).
 */
export const MENU_PAYLOAD = {
  procedures: 'Tra cứu thủ tục',
  feedback: 'Gửi phản ánh',
  dossier: 'Tra cứu hồ sơ',
  help: 'Hướng dẫn',
  menu: 'menu',
  handoff: 'Gặp cán bộ',
} as const;

export const TEXTS = {
  welcome: (name?: string) =>
    `Xin chào${name ? ` ${name}` : ''}! Đây là kênh hỗ trợ của Bộ phận Tiếp nhận và Trả kết quả (một cửa).\n` +
    'Tôi có thể giúp bạn tra cứu thủ tục hành chính, gửi phản ánh, kiến nghị và tra cứu tình trạng hồ sơ. ' +
    'Bạn chọn một mục bên dưới hoặc gõ câu hỏi của mình nhé.',
  menu: 'Bạn cần hỗ trợ gì? Chọn một mục bên dưới:',
  help:
    'Hướng dẫn sử dụng:\n' +
    '• Tra cứu thủ tục: gõ tên thủ tục, ví dụ "đăng ký khai sinh", "cấp lại căn cước".\n' +
    '• Gửi phản ánh, kiến nghị: gõ "phản ánh" rồi làm theo hướng dẫn.\n' +
    '• Tra cứu hồ sơ: gõ "tra cứu hồ sơ" kèm mã hồ sơ trên giấy hẹn.\n' +
    '• Gặp cán bộ: gõ "gặp cán bộ" để được cán bộ trả lời trực tiếp.\n' +
    '• Gõ "menu" bất cứ lúc nào để quay lại danh sách chức năng.',
  proceduresPrompt:
    'Bạn hãy gõ tên thủ tục cần tìm (có dấu hoặc không dấu đều được), ví dụ: "đăng ký khai sinh", "xác nhận tình trạng hôn nhân", "chứng thực bản sao".',
  feedbackPrompt:
    'Để gửi phản ánh, kiến nghị, bạn gõ "phản ánh:" rồi nội dung, ví dụ:\n"phản ánh: hồ sơ của tôi quá hạn chưa được trả".',
  dossierPrompt: 'Bạn gõ "tra cứu hồ sơ" kèm mã hồ sơ in trên giấy tiếp nhận và hẹn trả kết quả, ví dụ: "tra cứu hồ sơ 000.00.30.H33-240601-0001".',
  fallback:
    'Xin lỗi, tôi chưa hiểu ý bạn. Tôi có thể giúp bạn tra cứu thủ tục hành chính, gửi phản ánh, kiến nghị, tra cứu hồ sơ, ' +
    'hoặc chuyển bạn gặp cán bộ. Bạn chọn một mục bên dưới hoặc gõ "hướng dẫn" nhé.',
  handoffAck:
    'Yêu cầu gặp cán bộ của bạn đã được chuyển tới bộ phận một cửa. Cán bộ sẽ trả lời bạn ngay trong cuộc trò chuyện này ' +
    'trong giờ hành chính. Trong lúc chờ, tôi sẽ tạm dừng trả lời tự động.',
  handoffAlready: 'Yêu cầu gặp cán bộ của bạn đang được xử lý, cán bộ sẽ trả lời bạn sớm. Xin cảm ơn bạn đã chờ.',
  handoffOfficerNotice: (who: string, text: string) =>
    `Công dân ${who} đề nghị gặp cán bộ. Tin nhắn: "${text}". Vui lòng trả lời trong trang quản trị OA.`,
  handoffNoOfficer:
    'Hiện chưa có cán bộ trực tuyến nhận yêu cầu. Bạn vui lòng gọi đường dây nóng của bộ phận một cửa hoặc thử lại trong giờ hành chính.',
  mediaThanks: 'Cảm ơn bạn đã gửi. Nếu bạn muốn gửi phản ánh kèm hình ảnh, hãy gõ "phản ánh" trước, rồi gửi ảnh theo hướng dẫn.',
  locationThanks: 'Tôi đã nhận được vị trí của bạn. Nếu bạn muốn phản ánh một sự việc tại vị trí này, hãy gõ "phản ánh".',
  submitInfoThanks: 'Cảm ơn bạn đã chia sẻ thông tin liên hệ. Thông tin chỉ được dùng để giải quyết yêu cầu của bạn.',
  procedureNotFound: (code: string) =>
    `Không tìm thấy thủ tục mã ${code} trong danh mục. Bạn kiểm tra lại mã, hoặc gõ tên thủ tục để tìm.`,
  rateLimited: 'Bạn đang gửi tin nhắn quá nhanh. Vui lòng chờ một chút rồi gửi lại nhé.',
} as const;

/** Officers' figures in chat (src/bot/stats-messages.ts builds the messages from these). */
export const STATS_TEXTS = {
  /** "tháng 06/2024 (15/05/2024–14/06/2024)", "…, đến hôm nay" while the period runs */
  period: (label: string, start: string, end: string, partial: boolean) => `tháng ${label} (${start}–${end}${partial ? ', số liệu đến hôm nay' : ''})`,
  statsTitle: (period: string) => `Thống kê hồ sơ ${period}`,
  scopeAll: 'Phạm vi: tất cả các nơi tiếp nhận',
  scopeUnit: (unit: string) => `Phạm vi: hồ sơ tiếp nhận tại ${unit}`,
  authority: (label: string) => label.charAt(0).toUpperCase() + label.slice(1),
  received: (total: string, fresh: string, carried: string) => `- Tiếp nhận: ${total} (mới ${fresh} + kỳ trước chuyển sang ${carried})`,
  resolved: (n: string, early: string, onTime: string, late: string) => `- Đã giải quyết: ${n} (trước hạn ${early}, đúng hạn ${onTime}, trễ hạn ${late})`,
  withdrawn: (n: string) => `- Dừng xử lý, rút hồ sơ: ${n}`,
  pending: (n: string, overdue: string) => `- Đang giải quyết: ${n} (quá hạn ${overdue})`,
  onTimeRate: (rate: string) => `- Tỷ lệ đúng hẹn: ${rate}`,
  onlineTitle: (scope: string) => `Dịch vụ công trực tuyến và số hóa (${scope})`,
  receivedOnline: (n: string, of: string, rate: string) => `- Tiếp nhận trực tuyến: ${n}/${of} (${rate})`,
  fullyOnline: (rate: string, paid: string) => `- Toàn trình: ${rate}; thanh toán trực tuyến: ${paid} hồ sơ`,
  digitised: (atReceipt: string, result: string) => `- Số hóa khi tiếp nhận: ${atReceipt}; số hóa kết quả: ${result}`,
  noDossiers: (period: string) =>
    `Không có hồ sơ nào trong ${period}. Số liệu được tính từ dữ liệu hồ sơ đã nhập (lệnh "import dossiers" hoặc API nhập hồ sơ); ` +
    'bạn thử kỳ khác, ví dụ "thống kê tháng trước" hoặc "thống kê tháng 6/2024".',
  fullReportButton: 'Báo cáo đầy đủ',
  overdueButton: 'Hồ sơ quá hạn',
  /** Button payloads: typed back by the button press, so they must route to the same question. */
  fullReportPayload: (unit: string, label: string) => `báo cáo ${unit} tháng ${label}`,
  overduePayload: (unit: string, label: string) => `hồ sơ quá hạn ${unit} tháng ${label}`,
  wholeOrgToken: 'toàn bộ',
  fullTitle: (period: string) => `Báo cáo chi tiết theo nơi tiếp nhận, ${period}`,
  fullUnit: (name: string, code: string) => `${name} (${code})`,
  fullRow: (authority: string, total: string, fresh: string, resolved: string, early: string, onTime: string, late: string, withdrawn: string, pending: string, overdue: string, rate: string) =>
    `- ${authority}: tổng ${total} (mới ${fresh}); giải quyết ${resolved} (trước hạn ${early}, đúng hạn ${onTime}, trễ hạn ${late}); ` +
    `dừng/rút ${withdrawn}; đang giải quyết ${pending} (quá hạn ${overdue}); đúng hẹn ${rate}`,
  fullFooter: 'Số liệu được tính trực tiếp từ dữ liệu hồ sơ đã nhập, theo cách tính của báo cáo tháng.',
  overdueTitle: (asOf: string, period: string, total: string) => `Hồ sơ quá hạn tính đến ngày ${asOf} (kỳ ${period}): ${total} hồ sơ`,
  overdueUnit: (name: string, n: string) => `- ${name}: ${n}`,
  overdueNone: (asOf: string, period: string) => `Không có hồ sơ nào quá hạn tính đến ngày ${asOf} (kỳ ${period}).`,
  overdueOldestTitle: (n: number) => `${n} hồ sơ quá hạn lâu nhất:`,
  overdueItem: (i: number, code: string, procedure: string, due: string, days: string) => `${i}. ${code} — thủ tục ${procedure} — hẹn trả ${due}, quá ${days} ngày`,
  notForCitizens:
    'Xin lỗi, số liệu thống kê hồ sơ chỉ dành cho cán bộ của bộ phận một cửa. ' +
    'Nếu bạn muốn biết tình trạng hồ sơ của mình, hãy gõ "tra cứu hồ sơ" kèm mã hồ sơ trên giấy hẹn; ' +
    'nếu hồ sơ bị trễ hẹn, bạn có thể gõ "phản ánh" để gửi phản ánh.',
  unknownUnit: (units: readonly string[]) =>
    'Tôi chưa nhận ra kỳ báo cáo hoặc đơn vị trong câu hỏi. Ví dụ: "thống kê tháng 6/2024", "tk tháng trước", ' +
    `"thống kê Dương Đông tháng này", "hồ sơ quá hạn".${units.length > 0 ? ` Các đơn vị: ${units.join(', ')}.` : ''}`,
  periodError: (error: string) => `${error} Ví dụ: "thống kê tháng 6/2024", "tk tháng trước", "thống kê tháng này".`,
  unavailable: 'Xin lỗi, hiện chưa lấy được số liệu. Bạn vui lòng thử lại sau ít phút.',
} as const;

/** The citizen's "tra cứu hồ sơ <mã>" answer: procedure, dates and status, nothing personal. */
export const DOSSIER_TEXTS = {
  title: (code: string) => `Hồ sơ ${code}`,
  procedure: (code: string, name?: string) => `- Thủ tục: ${code}${name ? ` — ${name}` : ''}`,
  receptionPoint: (name: string) => `- Nơi tiếp nhận: ${name}`,
  received: (date: string) => `- Ngày tiếp nhận: ${date}`,
  due: (date: string) => `- Ngày hẹn trả kết quả: ${date}`,
  status: (text: string) => `- Tình trạng: ${text}`,
  statusEarly: (date: string) => `đã có kết quả trước hạn (ngày ${date})`,
  statusOnTime: (date: string) => `đã có kết quả đúng hạn (ngày ${date})`,
  statusLate: (date: string) => `đã có kết quả, trễ hạn (ngày ${date})`,
  statusWithdrawn: (date: string) => `đã dừng xử lý (ngày ${date})`,
  statusPending: 'đang xử lý, chưa đến hạn trả kết quả',
  statusOverdue: (days: string) => `quá hạn ${days} ngày, đang xử lý`,
  overdueHint: 'Xin lỗi bạn vì hồ sơ đã quá hạn. Bạn có thể gõ "gặp cán bộ" để được cán bộ hỗ trợ, hoặc "phản ánh" để gửi phản ánh.',
  notFound: (code: string) =>
    `Không tìm thấy hồ sơ có mã "${code}". Bạn kiểm tra lại mã in trên giấy tiếp nhận và hẹn trả kết quả ` +
    '(ví dụ: "tra cứu hồ sơ 000.00.38.H33-240612-0001"), hoặc gõ "gặp cán bộ" để được hỗ trợ.',
} as const;
