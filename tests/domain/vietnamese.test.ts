import { describe, expect, it } from 'vitest';
import { accentKey, fold, headerKey, lacksDiacritics, nfc, toneCanon } from '#shared/domain/vietnamese';

describe('tone placement (not unified by NFC)', () => {
  const pairs: Array<[string, string]> = [
    ['hoà', 'hòa'], ['Hoà Bình', 'Hòa Bình'], ['thuỷ', 'thủy'], ['Thuỷ lợi', 'Thủy lợi'], ['khoẻ', 'khỏe'], ['sức khoẻ', 'sức khỏe'],
    ['hoá', 'hóa'], ['quý', 'quý'], ['luỹ kế', 'lũy kế'],
  ];
  it.each(pairs)('%s and %s differ under NFC but share one canonical form', (a, b) => {
    if (a !== b) expect(a.normalize('NFC')).not.toBe(b.normalize('NFC'));
    expect(toneCanon(a)).toBe(toneCanon(b));
    expect(accentKey(a)).toBe(accentKey(b));
  });
  it('leaves syllables with a final consonant or a quality mark where the rule puts them', () => {
    expect(toneCanon('hoàn')).toBe('hoàn');
    expect(toneCanon('thuở')).toBe('thuở');
    expect(toneCanon('người')).toBe('người');
    expect(toneCanon('quyết')).toBe('quyết');
    expect(toneCanon('giữa')).toBe('giữa');
  });
  it('decomposed input (NFD) gives the same key as composed', () => {
    expect(accentKey('Hòa'.normalize('NFD'))).toBe(accentKey('Hoà'));
  });
});

describe('nfc / fold / headerKey', () => {
  it('folds whitespace, NBSP and zero-width spaces', () => {
    expect(nfc(' Bộ\u00A0Tư  pháp\u200B ')).toBe('Bộ Tư pháp');
  });
  it('folds diacritics and đ for text typed without them', () => {
    expect(fold('Đề án 06')).toBe('de an 06');
    expect(headerKey('Thời gian hoàn thành (*)')).toBe('thoi gian hoan thanh');
    expect(lacksDiacritics('Bo Tu phap')).toBe(true);
    expect(lacksDiacritics('Bộ Tư pháp')).toBe(false);
  });
});
