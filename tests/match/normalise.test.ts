import { describe, expect, it } from 'vitest';
import { canonText, citedDirectives, isShortened, matchKey, matchTokens } from '#shared/match/normalise';

describe('matching text', () => {
  it('puts the tone mark in one place (hoà/hòa, thuỷ/thủy, khoẻ/khỏe)', () => {
    expect(canonText('hoà bình, thuỷ lợi, sức khoẻ')).toBe(canonText('hòa bình, thủy lợi, sức khỏe'));
    expect(canonText('Thuỷ')).not.toBe('Thuỷ');
  });

  it('keys text typed without diacritics like the accented text', () => {
    expect(matchKey('Rà soát, chuẩn hóa, điện tử hóa mẫu đơn tờ khai')).toBe(matchKey('Ra soat, chuan hoa, dien tu hoa mau don to khai'));
    expect(matchKey('Đẩy nhanh tiến độ')).toBe('day nhanh tien do');
  });

  it('expands the abbreviations of the domain list', () => {
    expect(matchKey('Kết nối CSDL quốc gia về dân cư')).toBe(matchKey('Kết nối Cơ sở dữ liệu quốc gia về dân cư'));
    expect(matchKey('giải quyết TTHC')).toBe(matchKey('giải quyết thủ tục hành chính'));
    expect(matchKey('cung cấp DVCTT')).toBe(matchKey('cung cấp dịch vụ công trực tuyến'));
    expect(matchKey('trên Cổng DVCQG')).toBe(matchKey('trên Cổng Dịch vụ công quốc gia'));
    expect(matchKey('thẻ CCCD gắn chip')).toBe(matchKey('thẻ Căn cước công dân gắn chip'));
    expect(matchKey('phối hợp BCA')).toBe(matchKey('phối hợp Bộ Công an'));
    expect(matchKey('vùng dùng chung của TTDLQG')).toBe(matchKey('vùng dùng chung của Trung tâm dữ liệu quốc gia'));
    expect(matchKey('kết nối CSDLQG')).toBe(matchKey('kết nối Cơ sở dữ liệu quốc gia'));
  });

  it('writes every VNeID spelling the same way', () => {
    const keys = ['VNeID', 'VNNeID', 'VneID', 'VN eID'].map((v) => matchKey(`tích hợp trên ứng dụng ${v}`));
    expect(new Set(keys).size).toBe(1);
  });

  it('expands abbreviations in text typed without diacritics too', () => {
    expect(matchKey('ket noi csdl quoc gia ve dan cu')).toBe(matchKey('Kết nối Cơ sở dữ liệu quốc gia về dân cư'));
  });

  it('tolerates the OCR slips of the domain list', () => {
    expect(matchKey('Công Dịch vụ công quốc gia')).toBe(matchKey('Cổng Dịch vụ công quốc gia'));
    expect(matchKey('Đang ký khai sinh')).toBe(matchKey('Đăng ký khai sinh'));
    expect(matchKey('bối trí kinh phí')).toBe(matchKey('bố trí kinh phí'));
    expect(matchKey('các điểm lǎm sóng')).toBe(matchKey('các điểm lõm sóng'));
    expect(matchKey('Üng dụng VNellD')).toBe(matchKey('Ứng dụng VNeID'));
    expect(matchKey('xây dựng phuromg án')).toBe(matchKey('xây dựng phương án'));
  });

  it('does not turn ordinary words into other words', () => {
    expect(matchTokens('làm sạch dữ liệu')).toEqual(['lam', 'sach', 'du', 'lieu']);
    expect(matchKey('thẻ BHYT')).toBe('the bao hiem y te');
  });

  it('knows shortened text', () => {
    expect(isShortened('Rà soát, chuẩn hóa … thông tin phải...')).toBe(true);
    expect(isShortened('Đẩy mạnh việc chi trả lương hưu, trợ cấp bảo hiểm xã hội hàng…')).toBe(true);
    expect(isShortened('Đề nghị xây dựng Luật dữ liệu')).toBe(false);
  });

  it('reads the directives a references cell cites, however written', () => {
    const refs = citedDirectives('- Chi thị 05, ngày 23/2/2023 - Thông báo 16/TB-VPCP ngày 28/01/2023 - Chỉ thị 04/CT-TTg ngày 11/02/2024; Thông báo 2513/TCTTKĐA; Chi thị 27 ngày 27/10/2023');
    expect(refs).toEqual(expect.arrayContaining(['4/ct-ttg', '5/ct-ttg', '16/tb-vpcp', '2513/tb-tcttkda', '27/ct-ttg']));
  });
});
