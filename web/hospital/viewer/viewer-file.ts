/**
 * One file of the package as the viewer receives it: a DICOM instance or a zipped disc, with the
 * presigned URL it is read from. Free of DOM types, so Node code (the bench) can name it too.
 */
export interface ViewerFile {
  fileId: string;
  fileName: string;
  url: string;
  size: number;
  dicom?: { studyInstanceUid: string; seriesInstanceUid: string };
}
