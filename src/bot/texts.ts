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
  rateLimited: 'Bạn đang gửi tin nhắn quá nhanh. Vui lòng chờ một chút rồi gửi lại nhé.',
} as const;
