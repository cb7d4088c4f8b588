/**
 * When an OCR read is sure enough to be taken without a person: a row whose lowest cell confidence is below this
 * goes to review even when its match is certain. Tesseract's word confidences (0–100) on clean 200 dpi cells sit
 * at 85–96; a blurred, stamped or handwritten cell falls under 70. Marks recognised only from their ink shape are
 * given 75 (kept), marks read as "x" by the engine 90.
 */
export const OCR_REVIEW_BELOW = 70;

/** true when an OCR-read row must be confirmed by a person. */
export function ocrNeedsReview(source: { ocr?: { confidence: number } }): boolean {
  return source.ocr !== undefined && source.ocr.confidence < OCR_REVIEW_BELOW;
}
