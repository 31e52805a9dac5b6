/**
 * Sections I.2.2–I.3 of the June 2024 report of Phú Quốc (../shared/seed), sentence by sentence in the seed's
 * order and wording, OCR errors corrected, with the corrected provincial row (new 1.180, not the seed's 580: the
 * seed's own total 1.342 = 162 + 1.180). The report generated from the demo data must contain them in this order.
 */
export const SEED_I22_TO_I3: readonly string[] = [
  '* Tại Bộ phận Tiếp nhận và Trả kết quả thành phố:',
  '- Hồ sơ thuộc thẩm quyền UBND thành phố: Tổng hồ sơ 2.070 hồ sơ (tiếp nhận mới là 999 hồ sơ, số kỳ trước chuyển sang là 1.071 hồ sơ). ' +
    'Giải quyết 1.078 hồ sơ (đúng hạn 967 hồ sơ, trễ hạn 111 hồ sơ), 25 hồ sơ dừng xử lý và người dân rút. ' +
    'Tồn 967 hồ sơ (chưa đến hạn 572 hồ sơ, quá hạn 395 hồ sơ). Tỷ lệ đúng hẹn đạt: 75%.',
  '- Hồ sơ cấp tỉnh: Tổng hồ sơ 1.342 hồ sơ (tiếp nhận mới là 1.180 hồ sơ, số kỳ trước chuyển sang là 162 hồ sơ). ' +
    'Giải quyết 394 hồ sơ (đúng hạn 348 hồ sơ, trễ hạn 46 hồ sơ), 109 hồ sơ dừng xử lý và người dân rút. ' +
    'Tồn 839 hồ sơ (chưa đến hạn 822 hồ sơ, quá hạn 17 hồ sơ). Tỷ lệ đúng hẹn đạt: 95%.',
  '- Hồ sơ ngành dọc: Tổng hồ sơ tiếp nhận mới 631 hồ sơ. Giải quyết 631 hồ sơ đúng hạn. Tỷ lệ đúng hẹn đạt: 100%.',
  '* Tại Bộ phận Tiếp nhận và Trả kết quả UBND các xã, phường:',
  'Tổng hồ sơ 907 hồ sơ (tiếp nhận mới là 847 hồ sơ, kỳ trước chuyển sang là 60 hồ sơ). ' +
    'Giải quyết 816 hồ sơ (trước hạn 751 hồ sơ, đúng hạn 05 hồ sơ, trễ hạn 60 hồ sơ), tồn 77 hồ sơ (trong hạn 72 hồ sơ, quá hạn 05 hồ sơ), ' +
    '14 hồ sơ dừng xử lý và người dân rút. Tỷ lệ đúng hẹn đạt: 93%.',
  '* Thực hiện việc xin lỗi người dân, tổ chức khi để xảy ra trễ hẹn trong giải quyết hồ sơ:',
  '2.3. Kết quả thực hiện dịch vụ công trực tuyến (DVCTT)',
  'Số hồ sơ được tiếp nhận trực tuyến và giải quyết trong kỳ thuộc thẩm quyền của UBND thành phố và UBND các xã, phường là: 1.574/1.846 hồ sơ',
  'Số hồ sơ thực hiện DVC toàn trình là: 1.862/2.977 hồ sơ, đạt tỷ lệ 62,55%.',
  'Số hồ sơ thanh toán trực tuyến: 859 hồ sơ.',
  '2.4. Kết quả số hóa hồ sơ, kết quả giải quyết TTHC',
  'Kết quả số hóa hồ sơ khi tiếp nhận: 1.756/1.846 hồ sơ, đạt tỷ lệ 95,12%, kết quả số hóa hồ sơ kết quả giải quyết: 1.289/1.565 hồ sơ, đạt tỷ lệ 82,36%',
  '2.5. Kết quả hợp nhất, kết nối các hệ thống thông tin phục vụ giải quyết TTHC',
  '3. Kết quả tiếp nhận và xử lý phản ánh, kiến nghị',
  '- Từ Cổng Chính phủ: Trong tháng không có tiếp nhận mới, kỳ trước chuyển qua 03 PAKN. Đang giải quyết 03 PAKN.',
  '- Từ các cơ quan cấp tỉnh: Trong tháng tiếp nhận mới 02 PAKN, kỳ trước chuyển qua 05 PAKN. Đang giải quyết 07 PAKN.',
  '- Từ các cơ quan thành phố: Trong tháng tiếp nhận mới 04 PAKN, kỳ trước chuyển qua 16 PAKN. Đã giải quyết 03 PAKN. Đang giải quyết 17 PAKN.',
];

/** The feedback figures of golden/2024-06.json (the seed's section I.3). */
export const GOLDEN_FEEDBACK = {
  national_portal: { new: 0, carried_over: 3, resolved: 0, processing: 3 },
  province: { new: 2, carried_over: 5, resolved: 0, processing: 7 },
  city: { new: 4, carried_over: 16, resolved: 3, processing: 17 },
} as const;
