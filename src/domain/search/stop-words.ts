/**
 * Words of chat that say nothing about which procedure is meant: politeness, pronouns, question frames
 * ("cho hỏi", "làm sao", "cần gì", "ở đâu", "bao lâu"). Phrases are removed wherever they occur. Single words are
 * removed unless they are part of a catalogue word pair ("cho thuê", "hộ nghèo", "chi phí"), and a single word
 * whose folded form is also a catalogue word ("hỏi" / "hội") is removed only when typed with its own marks.
 */
export const STOP_PHRASES: readonly string[] = [
  // asking
  'cho hỏi', 'cho em hỏi', 'cho tôi hỏi', 'cho mình hỏi', 'cho cháu hỏi', 'cho con hỏi', 'cho chị hỏi', 'cho anh hỏi',
  'xin hỏi', 'em muốn hỏi', 'tôi muốn hỏi', 'mình muốn hỏi', 'hỏi chút', 'hỏi về', 'muốn hỏi', 'cho biết', 'tư vấn giúp',
  'giúp em', 'giúp tôi', 'giúp mình', 'giúp với', 'hướng dẫn', 'chỉ giúp', 'chỉ em', 'làm ơn',
  // question frames
  'làm sao', 'làm thế nào', 'như thế nào', 'thế nào', 'ra sao', 'được không', 'có được không', 'được ko', 'phải không',
  'cần gì', 'cần những gì', 'cần giấy tờ gì', 'cần mang gì', 'mang theo gì', 'giấy tờ gì', 'hồ sơ gì', 'những giấy tờ gì',
  'gồm những gì', 'gồm gì', 'phải làm gì', 'làm gì', 'cần làm gì', 'thủ tục gì',
  'ở đâu', 'chỗ nào', 'nơi nào', 'nộp ở đâu', 'làm ở đâu',
  'bao lâu', 'mất bao lâu', 'bao nhiêu ngày', 'mấy ngày', 'bao giờ', 'khi nào', 'lúc nào', 'bao lâu thì có',
  'bao nhiêu tiền', 'mất bao nhiêu', 'hết bao nhiêu', 'bao nhiêu', 'tốn bao nhiêu', 'mấy tiền', 'giá bao nhiêu',
  'có mất phí không', 'mất phí không', 'có mất tiền không',
  // the frame of a procedure
  'thủ tục', 'thủ tục hành chính', 'tthc', 'quy trình', 'các bước', 'hồ sơ', 'giấy tờ cần', 'thông tin về',
  // greetings and thanks
  'xin chào', 'chào bạn', 'chào anh', 'chào chị', 'chào em', 'chào ad', 'alo', 'hello', 'cảm ơn', 'cám ơn', 'thank you',
  'xin cảm ơn', 'ad ơi', 'admin ơi', 'shop ơi',
  // who asks
  'gia đình tôi', 'gia đình em', 'nhà tôi', 'nhà em', 'nhà mình', 'chúng tôi', 'chúng em', 'mọi người',
  // wanting
  'muốn làm', 'muốn đăng ký làm', 'cần làm', 'phải làm', 'đi làm', 'định làm', 'sắp làm', 'chuẩn bị làm',
];

export const STOP_WORDS: readonly string[] = [
  'ạ', 'à', 'ơi', 'nhé', 'nhá', 'nha', 'vậy', 'thế', 'không', 'ko', 'k', 'hông', 'hem', 'hả', 'hở', 'nhỉ', 'ha',
  'em', 'tôi', 'tui', 'mình', 'anh', 'chị', 'bạn', 'ad', 'admin',
  'muốn', 'cần', 'phải', 'nên', 'định', 'làm', 'xin', 'hỏi', 'giúp', 'với', 'đi', 'thì', 'mà', 'là', 'gì', 'nào', 'sao',
  'được', 'đc', 'dc', 'có', 'các', 'những', 'này', 'đó', 'kia', 'rồi', 'đã', 'sẽ', 'vừa', 'mới', 'ở', 'tại',
  'về', 'cho', 'của', 'và', 'hay', 'hoặc', 'thế', 'nữa', 'lại', 'ạh', 'chào', 'hi', 'ok', 'oke', 'dạ', 'vâng', 'ừ',
  'chút', 'ít', 'biết', 'để',
];

/** Removed from catalogue names when indexing: every other name starts with it. */
export const DOC_STOP_PHRASES: readonly string[] = ['thủ tục'];
