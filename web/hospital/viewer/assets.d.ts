/** The codecs' .wasm files, imported through esbuild's `file` loader: each is its output URL. */
declare module '@cornerstonejs/codec-charls/decodewasm' {
  const url: string;
  export default url;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasm' {
  const url: string;
  export default url;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm' {
  const url: string;
  export default url;
}
declare module '@cornerstonejs/codec-openjph/wasm' {
  const url: string;
  export default url;
}
declare module '@cornerstonejs/codec-libjxl/decodewasm' {
  const url: string;
  export default url;
}

/** The decode worker's source, defined by the page build (web/hospital/viewer-bundling.ts). */
declare const __DICOM_DECODE_WORKER__: string;
