import charlsWasm from '@cornerstonejs/codec-charls/decodewasm';
import libjpegTurboWasm from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm';
import jpegXlWasm from '@cornerstonejs/codec-libjxl/decodewasm';
import openjpegWasm from '@cornerstonejs/codec-openjpeg/decodewasm';
import openjphWasm from '@cornerstonejs/codec-openjph/wasm';
import {
  Enums as CoreEnums,
  init as coreInit,
  getWebWorkerManager,
  RenderingEngine,
  setUseCPURendering,
  type Types,
} from '@cornerstonejs/core';
import { init as loaderInit } from '@cornerstonejs/dicom-image-loader';
import {
  addTool,
  annotation,
  LengthTool,
  PanTool,
  StackScrollTool,
  Enums as ToolEnums,
  ToolGroupManager,
  init as toolsInit,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';

/** The tools the left mouse button can take (the others keep fixed buttons). */
export const primaryTools = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  length: LengthTool.toolName,
} as const;
export type PrimaryTool = keyof typeof primaryTools;

let started: Promise<void> | undefined;

/**
 * The decode worker, from its source (bundled ahead by web/hospital/viewer-bundling.ts) through
 * a blob: URL, with the codecs' URLs (written by the page build) in its name.
 */
function decodeWorkerFactory(): () => Worker {
  const wasm = {
    '@cornerstonejs/codec-charls/decodewasm': charlsWasm,
    '@cornerstonejs/codec-openjpeg/decodewasm': openjpegWasm,
    '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm': libjpegTurboWasm,
    '@cornerstonejs/codec-openjph/wasm': openjphWasm,
    '@cornerstonejs/codec-libjxl/decodewasm': jpegXlWasm,
  };
  const absolute = Object.fromEntries(
    Object.entries(wasm).map(([specifier, url]) => [specifier, new URL(url, import.meta.url).href]),
  );
  const source = URL.createObjectURL(new Blob([__DICOM_DECODE_WORKER__], { type: 'text/javascript' }));
  return () => new Worker(source, { type: 'module', name: JSON.stringify(absolute) });
}

/**
 * Cornerstone, once per page. CPU rendering, always: a stack viewer draws one 2D slice, which
 * the CPU path renders onto a plain 2D canvas in a few milliseconds; it needs no WebGL (hospital
 * desktops with blocklisted GPUs, remote desktops and headless test browsers have none or a slow
 * software one), and what it draws can be read back from the canvas.
 */
export function startCornerstone(): Promise<void> {
  started ??= (async () => {
    coreInit();
    setUseCPURendering(true);
    toolsInit();
    // Decoding runs in module workers (half the cores, up to four). Registered before the
    // loader's init, whose own registration (a worker file beside its module) then stands aside.
    const workers = Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 2) / 2)));
    getWebWorkerManager().registerWorker('dicomImageLoader', decodeWorkerFactory(), {
      maxWorkerInstances: workers,
    });
    loaderInit({ maxWebWorkers: workers });
    for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, LengthTool]) addTool(tool);
  })();
  return started;
}

let counter = 0;

export interface StackView {
  readonly viewport: Types.IStackViewport;
  readonly canvas: HTMLCanvasElement;
  setPrimaryTool(tool: PrimaryTool): void;
  destroy(): void;
}

/** A stack viewport in `element`, with mouse bindings: left as chosen, middle pans, right zooms, wheel scrolls. */
export function createStackView(element: HTMLDivElement): StackView {
  counter += 1;
  const engineId = `dicom-viewer-${counter}`;
  const viewportId = `${engineId}-stack`;
  const toolGroupId = `${engineId}-tools`;
  const engine = new RenderingEngine(engineId);
  engine.enableElement({ viewportId, type: CoreEnums.ViewportType.STACK, element });
  const viewport = engine.getViewport(viewportId) as Types.IStackViewport;
  const canvas = element.querySelector('canvas');
  if (!canvas) throw new Error('the viewport has no canvas');

  const toolGroup = ToolGroupManager.createToolGroup(toolGroupId);
  if (!toolGroup) throw new Error('the tool group could not be created');
  for (const name of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, LengthTool].map(
    (tool) => tool.toolName,
  )) {
    toolGroup.addTool(name);
  }
  // The measurement's value is shown as page text, not in the SVG text box (whose inline
  // style attribute a strict style-src refuses).
  // (`textBoxVisibility` is a style the tools read, missing from their AnnotationStyle type.)
  const hiddenTextBox = { textBoxVisibility: false } as Record<string, boolean>;
  annotation.config.style.setToolGroupToolStyles(toolGroupId, { global: hiddenTextBox });
  const { MouseBindings } = ToolEnums;
  toolGroup.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  toolGroup.addViewport(viewportId, engineId);

  let primary: PrimaryTool | undefined;
  /** Left as chosen; middle pans and right zooms unless the left does it already. */
  const setPrimaryTool = (tool: PrimaryTool) => {
    if (primary === tool) return;
    primary = tool;
    // Every tool's bindings start afresh (setToolActive adds to the bindings a tool has).
    for (const name of Object.values(primaryTools))
      toolGroup.setToolPassive(name, { removeAllBindings: true });
    toolGroup.setToolActive(primaryTools[tool], { bindings: [{ mouseButton: MouseBindings.Primary }] });
    if (tool !== 'pan')
      toolGroup.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
    if (tool !== 'zoom')
      toolGroup.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  };
  setPrimaryTool('windowLevel');

  return {
    viewport,
    canvas,
    setPrimaryTool,
    destroy() {
      ToolGroupManager.destroyToolGroup(toolGroupId);
      engine.destroy();
    },
  };
}
