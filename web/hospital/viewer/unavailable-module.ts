/**
 * Stands in for a Node-only module the viewer's libraries import but never call in a stack
 * viewer (xmlbuilder2, for vtk.js's XML mesh readers): see web/hospital/viewer-bundling.ts.
 */
export function create(): never {
  throw new Error('XML mesh reading is not available in the DICOM viewer');
}
