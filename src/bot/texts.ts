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

/** Feedback and petitions (phản ánh, kiến nghị) in chat: the citizen's dialog and the officers' commands. */
export const FEEDBACK_TEXTS = {
  cancelButton: 'Hủy',
  skipButton: 'Bỏ qua',
  continueButton: 'Tiếp tục',
  sendButton: 'Gửi phản ánh',
  sendNewButton: 'Gửi phản ánh mới',
  followButton: (code: string) => `Theo dõi ${code}`,
  followPayload: (code: string) => `theo dõi ${code}`,
  askContent:
    'Mời bạn nhập nội dung phản ánh, kiến nghị: sự việc gì, ở đâu, khi nào (càng cụ thể càng tốt).\n' +
    'Bạn có thể gửi ảnh ở bước sau. Gõ "hủy" bất cứ lúc nào để dừng.\n' +
    'Mẹo: lần sau bạn có thể gõ một dòng, ví dụ "phản ánh: đèn đường hỏng trước số 12 đường Trần Hưng Đạo".',
  contentTooShort: 'Nội dung hơi ngắn, bạn mô tả rõ hơn giúp nhé (ít nhất 10 ký tự): sự việc gì, ở đâu, khi nào.',
  contentTooLong: 'Nội dung dài quá 4.000 ký tự. Bạn tóm tắt lại giúp nhé; chi tiết có thể gửi kèm bằng ảnh hoặc tệp.',
  askAttachments: (max: number) =>
    `Đã ghi nhận nội dung. Bạn có thể gửi ảnh hoặc tệp minh họa (tối đa ${max}, ảnh JPG/PNG, tài liệu PDF/DOC/DOCX), ` +
    'rồi bấm "Tiếp tục". Không có ảnh thì bấm "Tiếp tục" luôn.',
  attachmentReceived: (n: number, max: number) => `Đã nhận ${n}/${max} ảnh, tệp. Gửi thêm hoặc bấm "Tiếp tục".`,
  attachmentBeforeContent: (n: number) => `Đã nhận ${n} ảnh, tệp. Mời bạn nhập nội dung phản ánh.`,
  attachmentTooMany: (max: number) => `Mỗi phản ánh nhận tối đa ${max} ảnh, tệp; ảnh, tệp vừa gửi không được thêm. Bấm "Tiếp tục" để đi tiếp.`,
  attachmentRefused: (reason: string) => `${reason} Bạn gửi ảnh, tệp khác hoặc bấm "Tiếp tục".`,
  attachmentHint: 'Bạn gửi thêm ảnh, tệp hoặc bấm "Tiếp tục" (gõ "tiếp tục"). Gõ "hủy" để dừng.',
  askPlace: (units: string) =>
    'Phản ánh liên quan đến địa bàn nào? Bạn gửi vị trí (nút 📍 trong Zalo) hoặc gõ tên xã, phường, ' +
    `hoặc bấm "Bỏ qua".\nCác đơn vị: ${units}.`,
  placeNotFound: (text: string) => `Chưa tìm thấy đơn vị "${text}". Bạn gõ lại tên xã, phường (ví dụ "Dương Đông"), gửi vị trí, hoặc bấm "Bỏ qua".`,
  askProcedure:
    'Phản ánh có liên quan đến thủ tục hành chính nào không? Gõ tên thủ tục (ví dụ "khai sinh", "đất đai"), hoặc bấm "Bỏ qua".',
  procedureChoices: 'Có phải thủ tục nào dưới đây? Chọn một thủ tục, hoặc gõ tên khác, hoặc bấm "Bỏ qua".',
  procedureNotFound: 'Chưa tìm thấy thủ tục phù hợp. Bạn gõ tên khác, hoặc bấm "Bỏ qua".',
  similarIntro: (n: number) =>
    `Có ${n} phản ánh đang được xử lý có vẻ giống phản ánh của bạn. Bạn có thể theo dõi phản ánh đó để nhận câu trả lời, thay vì gửi mới:`,
  similarItem: (code: string, date: string, unit: string, excerpt: string) => `• ${code} (${date}, ${unit}): “${excerpt}”`,
  confirmTitle: 'Bạn kiểm tra lại phản ánh trước khi gửi:',
  confirmContent: (text: string) => `- Nội dung: ${text}`,
  confirmAttachments: (n: number) => `- Ảnh, tệp kèm theo: ${n}`,
  confirmPlace: (unit: string) => `- Địa bàn, đơn vị: ${unit}`,
  confirmLocation: '(theo vị trí bạn gửi)',
  confirmProcedure: (code: string, name: string) => `- Thủ tục liên quan: ${name} (${code})`,
  confirmAsk: 'Bấm "Gửi phản ánh" để gửi, hoặc "Hủy" để dừng.',
  confirmHint: 'Bấm "Gửi phản ánh" để gửi, hoặc gõ "hủy" để dừng.',
  cancelled: 'Đã hủy phản ánh đang soạn; chưa có gì được gửi đi. Bạn cần hỗ trợ gì khác?',
  expired: (minutes: number) => `Phản ánh bạn soạn dở đã hết hạn sau ${minutes} phút không có trả lời nên chưa được gửi. Gõ "phản ánh" để bắt đầu lại.`,
  filed: (code: string, unit: string, due: string, days: number) =>
    `Đã tiếp nhận phản ánh của bạn, mã ${code}.\n- Đơn vị xử lý: ${unit}\n- Hạn trả lời: ${due} (${days} ngày làm việc)\n` +
    'Câu trả lời sẽ được gửi cho bạn tại đây. Gõ "phản ánh của tôi" để theo dõi.',
  filedAttachments: (n: number) => `Đang lưu ${n} ảnh, tệp kèm theo; nếu có ảnh, tệp không lưu được, chúng tôi sẽ báo bạn.`,
  alreadyFiled: (code: string) => `Phản ánh này đã được gửi với mã ${code}; không cần gửi lại. Gõ "xem ${code}" để xem tình trạng.`,
  followed: (code: string) => `Bạn đã theo dõi phản ánh ${code}; khi có câu trả lời, chúng tôi sẽ báo bạn tại đây.`,
  followNotOffered: (code: string) => `Không thể theo dõi ${code}: chỉ theo dõi được phản ánh được gợi ý khi bạn gửi phản ánh giống nhau.`,
  attachmentsStored: (n: number) => `Đã lưu ${n} ảnh, tệp kèm phản ánh.`,
  attachmentsProblem: (code: string, reasons: string) => `Một số ảnh, tệp kèm phản ánh ${code} không lưu được:\n${reasons}`,
  // Citizens: their items
  mineTitle: (n: number) => `Phản ánh của bạn (${n}):`,
  mineItem: (code: string, date: string, status: string, subject: string) => `• ${code} (${date}) — ${status}: ${subject}`,
  mineNone: 'Bạn chưa gửi phản ánh nào. Gõ "phản ánh" để gửi phản ánh, kiến nghị.',
  notFound: (code: string) => `Không tìm thấy phản ánh mã ${code}. Bạn kiểm tra lại mã (dạng PA-2406-0007).`,
  notYours: (code: string) => `Bạn không xem được phản ánh ${code}: mỗi người chỉ xem được phản ánh của mình.`,
  viewTitle: (code: string) => `Phản ánh ${code}`,
  viewStatus: (status: string) => `- Tình trạng: ${status}`,
  viewReceived: (date: string) => `- Ngày tiếp nhận: ${date}`,
  viewDue: (date: string, overdue: boolean) => `- Hạn trả lời: ${date}${overdue ? ' (đã quá hạn)' : ''}`,
  viewUnit: (unit: string) => `- Đơn vị xử lý: ${unit}`,
  viewSource: (source: string, channel: string) => `- Nguồn: ${source} (${channel})`,
  viewProcedure: (code: string) => `- Thủ tục liên quan: ${code}`,
  viewContent: (text: string) => `- Nội dung: ${text}`,
  viewAttachments: (n: number) => `- Ảnh, tệp: ${n}`,
  viewAnswer: (text: string, date: string) => `- Trả lời (${date}): ${text}`,
  viewRejected: (text: string, date: string) => `- Từ chối xử lý (${date}): ${text}`,
  viewRating: (r: string) => `- Đánh giá của người dân: ${r}`,
  satisfied: 'hài lòng',
  unsatisfied: 'chưa hài lòng',
  // The citizen is told
  answerToCitizen: (code: string, unit: string, answer: string) => `Phản ánh ${code} đã được trả lời (${unit}):\n${answer}\n\nBạn có hài lòng với câu trả lời không?`,
  rejectedToCitizen: (code: string, reason: string) => `Phản ánh ${code} không được tiếp tục xử lý. Lý do: ${reason}\nNếu cần, bạn gõ "gặp cán bộ" để được hỗ trợ.`,
  answerToFollower: (code: string, answer: string) => `Phản ánh ${code} mà bạn theo dõi đã được trả lời:\n${answer}`,
  pendingAnswers: 'Trong lúc bạn vắng, có câu trả lời cho phản ánh của bạn:',
  satisfiedButton: 'Hài lòng',
  unsatisfiedButton: 'Chưa hài lòng',
  ratePayload: (code: string, satisfied: boolean) => `đánh giá ${code} ${satisfied ? 'hài lòng' : 'chưa hài lòng'}`,
  ratedThanks: 'Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp chúng tôi phục vụ tốt hơn.',
  ratedReopened: (code: string) => `Cảm ơn bạn. Phản ánh ${code} đã được mở lại và chuyển lãnh đạo đơn vị xem xét; bạn sẽ nhận câu trả lời mới tại đây.`,
  ratedNoMoreReopen: (code: string) =>
    `Cảm ơn bạn. Phản ánh ${code} đã được xem xét lại một lần; ý kiến của bạn đã được ghi nhận và báo lãnh đạo đơn vị. Bạn có thể gõ "gặp cán bộ" để được hỗ trợ trực tiếp.`,
  rateNotAnswered: (code: string) => `Phản ánh ${code} chưa có câu trả lời để đánh giá.`,
  // Officers
  notForCitizens: 'Lệnh này chỉ dành cho cán bộ xử lý phản ánh.',
  inboxTitle: (n: number, scope: string) => `Phản ánh chờ xử lý${scope ? ` (${scope})` : ''}: ${n}, cũ nhất trước:`,
  inboxItem: (code: string, date: string, due: string, overdue: boolean, unit: string, subject: string) =>
    `${overdue ? '⚠️ QUÁ HẠN ' : '• '}${code} — nhận ${date}, hạn ${due}${unit ? `, ${unit}` : ''}: ${subject}`,
  inboxMore: (n: number) => `… và ${n} phản ánh khác.`,
  inboxNone: (scope: string) => `Không có phản ánh nào chờ xử lý${scope ? ` (${scope})` : ''}.`,
  inboxHint: 'Gõ "xem PA-…" để xem, "trả lời PA-… <nội dung>" để trả lời, "từ chối PA-… <lý do>", "chuyển PA-… <đơn vị>" (lãnh đạo).',
  officerNotice: (code: string, unit: string, due: string, content: string, n: number) =>
    `Phản ánh mới ${code} giao ${unit}, hạn trả lời ${due}.\nNội dung: ${content}${n > 0 ? `\nKèm ${n} ảnh, tệp.` : ''}\n` +
    `Gõ "xem ${code}" để xem, "trả lời ${code} <nội dung>" để trả lời.`,
  officerView: (code: string) => `Xem ${code}`,
  reassignedNotice: (code: string, unit: string, content: string) => `Phản ánh ${code} được chuyển đến ${unit}.\nNội dung: ${content}\nGõ "xem ${code}" để xem.`,
  reopenedNotice: (code: string, unit: string, content: string) =>
    `Người dân chưa hài lòng với câu trả lời phản ánh ${code} (${unit}); phản ánh được mở lại và chuyển lãnh đạo.\nNội dung: ${content}\nGõ "xem ${code}" để xem.`,
  unsatisfiedAgainNotice: (code: string) => `Người dân vẫn chưa hài lòng với câu trả lời phản ánh ${code} (đã mở lại một lần).`,
  reminderNotice: (code: string, due: string, subject: string) => `Nhắc hạn: phản ánh ${code} phải trả lời trước ${due}: ${subject}. Gõ "xem ${code}".`,
  overdueNotice: (code: string, due: string, unit: string, subject: string) => `Phản ánh ${code} (${unit}) đã quá hạn trả lời ${due}: ${subject}. Gõ "xem ${code}".`,
  answered: (code: string) => `Đã trả lời phản ánh ${code}; câu trả lời đã được gửi tới người dân.`,
  answeredPending: (code: string) =>
    `Đã trả lời phản ánh ${code}. Người dân đã quá 7 ngày không nhắn tin nên Zalo chưa cho gửi; câu trả lời sẽ hiện khi họ nhắn tin lại hoặc mở mini app.`,
  answeredTemplate: (code: string) => `Đã trả lời phản ánh ${code}; người dân được báo qua tin nhắn mẫu Zalo.`,
  answeredNoCitizen: (code: string) => `Đã trả lời phản ánh ${code} (phản ánh từ kênh khác, không gửi tin Zalo).`,
  rejected: (code: string) => `Đã từ chối phản ánh ${code}; lý do đã được gửi tới người dân.`,
  reassigned: (code: string, unit: string) => `Đã chuyển phản ánh ${code} đến ${unit}.`,
  needText: (what: string, example: string) => `Thiếu ${what}. Ví dụ: "${example}".`,
  unknownUnit: (text: string) => `Không tìm thấy đơn vị "${text}".`,
  sameUnit: (unit: string) => `Phản ánh đã thuộc ${unit}.`,
  notAllowed: 'Bạn không có quyền với phản ánh này (chỉ cán bộ đơn vị được giao, lãnh đạo và quản trị).',
  leadersOnly: 'Chỉ lãnh đạo đơn vị hoặc quản trị mới chuyển được phản ánh sang đơn vị khác.',
  alreadyClosed: (code: string, status: string) => `Phản ánh ${code} đã ở trạng thái "${status}".`,
} as const;
