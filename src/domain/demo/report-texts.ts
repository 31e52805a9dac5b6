/**
 * The officer-written parts of the June 2024 report of Phú Quốc (../shared/seed), OCR errors corrected, for the
 * demo: `cli demo seed` stores them as the texts of 2024-06, and later months start from them. Months are
 * placeholders ({thang}, {thang_sau}…) so that July's copy speaks of July. No figures: those are machine-filled
 * (the seed's "242 hồ sơ" of the Economy Office is a figure the dossier system does not give, so it is left out).
 */
export const DEMO_REPORT_PERIOD = '2024-06';

export const DEMO_REPORT_TEXTS: Readonly<Record<string, string>> = {
  issuer: 'ỦY BAN NHÂN DÂN\nTHÀNH PHỐ PHÚ QUỐC',
  number: '      /BC-UBND',
  place: 'Phú Quốc',
  date: '',
  subject: 'Tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính',
  recipient: 'Ủy ban nhân dân tỉnh Kiên Giang',
  intro:
    'Thực hiện Công văn số 1425/UBND-NC ngày 31 tháng 7 năm 2023 về việc triển khai thực hiện Công điện số 644/CĐ-TTg ' +
    'ngày 13/7/2023 của Thủ tướng Chính phủ, Ủy ban nhân dân thành phố Phú Quốc báo cáo tình hình triển khai thực hiện ' +
    'công tác cải cách thủ tục hành chính (TTHC) tháng {thang}/{nam}, như sau:',
  'I.1.1': 'không có.',
  'I.1.2': 'không có.',
  'I.1.3': 'không có.',
  'I.2.1': [
    'Ủy ban nhân dân (UBND) thành phố chỉ đạo thực hiện niêm yết các TTHC được thực hiện tại Bộ phận Tiếp nhận và Trả kết quả thành phố, các TTHC được số hóa thành mã QR Code giúp người dân dễ dàng tra cứu.',
    'Ngoài ra, còn thông báo trên Cổng thông tin điện tử thành phố (http://phuquoc.gov.vn) và Zalo Cổng Dịch vụ công thành phố Phú Quốc (Zalo Official Account).',
  ].join('\n'),
  'I.2.2': 'Tình hình, kết quả giải quyết TTHC trên Hệ thống thông tin giải quyết TTHC tỉnh Kiên Giang tại thành phố Phú Quốc, tháng {thang2}/{nam} như sau:',
  'I.2.2.xin-loi': 'Việc xin lỗi được thực hiện theo quy định, tuy nhiên hồ sơ đất đai trễ hẹn nhiều, chưa thực hiện đầy đủ việc xin lỗi người dân.',
  'I.2.3': '',
  'I.2.4': 'Trong đó, Phòng Kinh tế có thực hiện số hóa kết quả điện tử, Phòng Tài chính - Kế hoạch có thực hiện.',
  'I.2.5': '',
  'I.3': '',
  'II.1': [
    '- Công tác thực hiện nhiệm vụ cải cách TTHC trên địa bàn thành phố có những chuyển biến tích cực trong nhận thức của toàn thể lãnh đạo, cán bộ, công chức; tinh thần trách nhiệm, tác phong, thái độ của các cán bộ, công chức được nâng lên rõ rệt.',
    '- UBND thành phố quan tâm chú trọng, yêu cầu các cơ quan chuyên môn và UBND các xã, phường thường xuyên rà soát, đề xuất kiến nghị các TTHC nhằm phát hiện kịp thời TTHC còn chưa phù hợp.',
    '- Việc giải quyết TTHC tại Bộ phận Tiếp nhận và Trả kết quả thành phố được thực hiện công khai, minh bạch, đẩy mạnh việc tiếp nhận hồ sơ trực tuyến, tạo môi trường thuận lợi cho người dân, tổ chức và doanh nghiệp khi tham gia thực hiện các TTHC, góp phần nâng cao mức độ hài lòng trong giải quyết TTHC, tiết kiệm chi phí, thời gian cho người dân, tổ chức và doanh nghiệp. Chế độ báo cáo định kỳ về tình hình hoạt động kiểm soát TTHC tại các cơ quan, đơn vị nhìn chung đã thực hiện tốt, chất lượng báo cáo tương đối đảm bảo nội dung yêu cầu báo cáo.',
    '- Công tác thông tin, truyền thông về cải cách TTHC ngày càng được chú trọng, góp phần xây dựng niềm tin, sự đồng thuận, ủng hộ của toàn xã hội đối với nhiệm vụ kiểm soát TTHC.',
    '- Việc thực hiện dịch vụ công trực tuyến đã có sự chuyển biến tích cực hơn so với tháng trước.',
  ].join('\n'),
  'II.2': [
    '- Cán bộ, công chức thực hiện nhiệm vụ đầu mối kiểm soát TTHC tại các đơn vị thường xuyên thay đổi hoặc kiêm nhiệm nhiều công việc nên việc kiểm tra, đôn đốc, triển khai thực hiện rà soát, cải cách TTHC cũng như chuyên môn chưa được sâu sát.',
    '- Việc triển khai công tác số hóa hồ sơ đã có sự chuyển biến tích cực, tuy nhiên chưa đẩy mạnh số hóa kết quả điện tử nên chưa phát huy hiệu quả của việc khai thác, tái sử dụng các kết quả TTHC đã được số hóa.',
    '- Hệ thống thông tin giải quyết TTHC tỉnh chưa ổn định, còn hạn chế, chưa đảm bảo phục vụ công tác báo cáo một cách khoa học và thông suốt.',
    '- Việc thực hiện hồ sơ trực tuyến gặp nhiều khó khăn trong công tác hướng dẫn, khuyến khích, hỗ trợ người dân thực hiện do thói quen và trình độ công nghệ của người dân tại địa phương chưa cao. Việc thực hiện dịch vụ công trực tuyến chủ yếu được thực hiện trực tuyến về hình thức, còn về nội dung thì công dân vẫn phải kê khai thủ tục, mẫu đơn như nộp trực tiếp.',
  ].join('\n'),
  III: [
    'Trên cơ sở kết quả thực hiện nhiệm vụ cải cách TTHC tháng {thang} năm {nam}, UBND thành phố Phú Quốc đề ra một số nhiệm vụ trọng tâm cho tháng {thang_sau} năm {nam_sau} như sau:',
    '- Tiếp tục theo dõi và thực hiện có hiệu quả các nhiệm vụ cải cách TTHC.',
    '- Tiếp tục thực hiện tốt công tác công khai TTHC theo đúng quy định làm cơ sở cho việc tổ chức thực hiện TTHC và phòng ngừa, hạn chế tham nhũng, tiêu cực; cập nhật thường xuyên, đầy đủ các TTHC tại bảng niêm yết tại Bộ phận Tiếp nhận và Trả kết quả trên địa bàn thành phố, Cổng thông tin điện tử thành phố.',
    '- Thường xuyên kiểm tra, đôn đốc, nhắc nhở nghiêm việc thực hiện tiếp nhận, giải quyết TTHC để kịp thời chấn chỉnh những hạn chế, tồn tại trong việc thực hiện nhiệm vụ, chú trọng đến việc xử lý kịp thời hồ sơ trên hệ thống. Đặc biệt, tập trung đẩy mạnh hồ sơ trực tuyến, thanh toán trực tuyến, dịch vụ bưu chính công ích tại thành phố.',
    '- Thực hiện tốt việc tiếp nhận các phản ánh, kiến nghị về TTHC của cá nhân, tổ chức theo quy định. Đồng thời chủ động rà soát, phát hiện, tổng hợp khó khăn, vướng mắc của cá nhân, tổ chức để phân loại, giao các đơn vị có thẩm quyền xử lý theo quy định.',
    '- Thực hiện nghiêm và đầy đủ việc số hóa hồ sơ, kết quả giải quyết TTHC theo quy định. Tập trung đẩy mạnh thực hiện ký số kết quả giải quyết TTHC để nâng cao hiệu quả cải cách TTHC.',
    '- Thực hiện tốt công tác tổng hợp, báo cáo về tình hình và kết quả thực hiện cải cách TTHC theo quy định.',
  ].join('\n'),
  IV: 'Không có.',
  closing: 'Trên đây là Báo cáo tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính tháng {thang2} năm {nam} của Ủy ban nhân dân thành phố Phú Quốc./.',
  'signer.title': 'CHỦ TỊCH',
  'signer.name': 'Huỳnh Quang Hưng',
  recipients: ['Như trên;', 'TT. Thành ủy;', 'CT, các PCT UBND thành phố;', 'LĐVP;', 'Các cơ quan chuyên môn;', 'UBND các xã, phường;', 'Lưu: VT.'].join('\n'),
};
