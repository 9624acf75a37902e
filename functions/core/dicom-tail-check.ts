import { DicomError, type DicomTail } from './dicom';
import { LONG_VRS, UNDEFINED_LENGTH, VRS } from './dicom-elements';

/**
 * Whether a large DICOM file ends where its data set does, for the part past the bytes the header
 * reader was given (DicomSummary.uncheckedTail): checked as the whole file streams by (the read
 * that hashes it), never held. Encapsulated pixel data is a run of Items (FFFE,E000) of defined
 * length closed by a Sequence Delimitation Item (FFFE,E0DD) (PS3.5 A.4); after it, or after native
 * pixel data, come whole elements (trailing padding, signatures) to the file's last byte. A file
 * that ends before the delimiter, or inside an item or element, is truncated. An element of
 * undefined length after the pixel data ends the check (it is not walked).
 */
export class DicomTailCheck {
  private next: number;
  private seen = 0;
  /** Header bytes split across chunks. */
  private pending: number[] = [];
  private mode: 'fragments' | 'elements' | 'unchecked';

  constructor(private readonly tail: DicomTail) {
    this.next = tail.from;
    this.mode = tail.fragments ? 'fragments' : 'elements';
  }

  /** The file's bytes, in order from its first byte. */
  push(chunk: Uint8Array): void {
    const start = this.seen;
    this.seen += chunk.length;
    while (this.mode !== 'unchecked') {
      const needed = this.headerLength();
      while (this.pending.length < needed && this.next + this.pending.length < this.seen) {
        this.pending.push(chunk[this.next + this.pending.length - start] ?? 0);
      }
      // An explicit VR header's length depends on its VR: look again once the VR is in.
      if (this.pending.length < this.headerLength() && this.next + this.pending.length < this.seen) continue;
      if (this.pending.length < this.headerLength()) return;
      this.step();
    }
  }

  /** After the last chunk: throws DicomError('truncated') when the data set does not end with the file. */
  finish(): void {
    if (this.mode === 'unchecked') return;
    if (this.mode === 'fragments' || this.pending.length > 0 || this.next !== this.seen) {
      throw new DicomError('truncated', 'The DICOM file is truncated: its image data is cut short.');
    }
  }

  private headerLength(): number {
    if (this.mode === 'fragments' || !this.tail.explicitVr || this.pending.length < 6) return 8;
    const vr = String.fromCharCode(this.pending[4]!, this.pending[5]!);
    return LONG_VRS.has(vr) ? 12 : 8;
  }

  private step(): void {
    const bytes = this.pending;
    this.pending = [];
    const le = this.tail.littleEndian || this.mode === 'fragments';
    const u16 = (at: number) =>
      le ? bytes[at]! | (bytes[at + 1]! << 8) : (bytes[at]! << 8) | bytes[at + 1]!;
    const u32 = (at: number) =>
      (le
        ? bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)
        : (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
    const group = u16(0);
    const element = u16(2);
    if (this.mode === 'fragments') {
      if (group === 0xfffe && element === 0xe0dd) {
        this.next += 8;
        this.mode = 'elements';
      } else if (group === 0xfffe && element === 0xe000 && u32(4) !== UNDEFINED_LENGTH) {
        this.next += 8 + u32(4);
      } else {
        throw new DicomError('unreadable_header', 'The DICOM file’s compressed image data cannot be read.');
      }
      return;
    }
    if (group === 0xfffe) {
      throw new DicomError('unreadable_header', 'The DICOM file has unreadable data after its image.');
    }
    // As the header reader does: an explicit element whose VR is not a VR is read as implicit.
    const knownVr = this.tail.explicitVr && VRS.has(String.fromCharCode(bytes[4]!, bytes[5]!));
    const length = bytes.length === 12 ? u32(8) : knownVr ? u16(6) : u32(4);
    if (length === UNDEFINED_LENGTH) {
      this.mode = 'unchecked';
      return;
    }
    this.next += bytes.length + length;
  }
}
