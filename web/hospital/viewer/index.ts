import {
  Enums as CoreEnums,
  cache,
  utilities as coreUtilities,
  eventTarget,
  imageLoader,
} from '@cornerstonejs/core';
import { Enums as MetadataEnums, metaData, utilities as metadataUtilities } from '@cornerstonejs/metadata';
import { annotation, LengthTool, Enums as ToolEnums } from '@cornerstonejs/tools';
import {
  createStackView,
  type PrimaryTool,
  primaryTools,
  type StackView,
  startCornerstone,
} from './cornerstone';
import {
  type InstanceHeader,
  instanceHeader,
  parseHeader,
  tagRows,
  transferSyntaxNames,
} from './dicom-header';
import { presetNames, voiRange, windowPresets } from './presets';
import { type Series, SeriesIndex, seriesLabel } from './series';
import { type InstanceSource, instanceSources } from './sources';
import { type ViewerText, viewerText } from './text';

import type { ViewerFile } from './viewer-file';

export type { ViewerFile };
export interface ViewerOptions {
  lang: 'zh-Hans' | 'en';
  onClose(): void;
  announce(message: string): void;
}

/** Files fetched at once: browsers open about six connections per origin over HTTP/1.1. */
const FETCH_CONCURRENCY = 6;
/** While slices arrive, the open series' stack is brought up to date at most this often. */
const STACK_REFRESH_MS = 400;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

let viewerCount = 0;

/** The viewer's DOM: series list, toolbar, image, slice slider, measurements, header tags. */
function layout(text: ViewerText) {
  viewerCount += 1;
  const id = (name: string) => `dicom-viewer-${viewerCount}-${name}`;
  const close = element('button', { type: 'button', class: 'dv-close' }, text.close);
  const status = element('p', { class: 'dv-status', role: 'status' });
  const seriesList = element('ul', { class: 'dv-series-list' });
  const preset = element('select', { id: id('preset'), class: 'dv-preset' });
  preset.append(
    element('option', { value: 'default' }, text.presets.default),
    ...presetNames.map((name) => element('option', { value: name }, text.presets[name])),
  );
  const toolButtons = (Object.keys(primaryTools) as PrimaryTool[]).map((tool) =>
    element(
      'button',
      { type: 'button', class: 'dv-tool', 'data-tool': tool, 'aria-pressed': String(tool === 'windowLevel') },
      text.tools[tool],
    ),
  );
  const zoomIn = element('button', { type: 'button', 'data-action': 'zoom-in' }, text.zoomIn);
  const zoomOut = element('button', { type: 'button', 'data-action': 'zoom-out' }, text.zoomOut);
  const reset = element('button', { type: 'button', 'data-action': 'reset' }, text.resetView);
  const viewport = element('div', { class: 'dv-viewport' });
  const help = element('p', { id: id('help'), class: 'dv-help' }, text.keyboardHelp);
  const slider = element('input', {
    id: id('slice'),
    class: 'dv-slider',
    type: 'range',
    min: '0',
    max: '0',
    step: '1',
    value: '0',
    disabled: '',
  });
  const sliceText = element('output', { class: 'dv-slice-text', for: id('slice') });
  const windowText = element('p', { class: 'dv-window-text' });
  const syntaxText = element('p', { class: 'dv-syntax-text' });
  const notice = element('p', { class: 'dv-notice', hidden: '' });
  const measurementList = element('ul', { class: 'dv-measurement-list' });
  const noMeasurements = element('p', { class: 'dv-no-measurements' }, text.noMeasurements);
  const clearMeasurements = element(
    'button',
    { type: 'button', 'data-action': 'clear' },
    text.clearMeasurements,
  );
  const tagBody = element('tbody');
  const tagsHeading = element('h3', { id: id('tags-title') }, text.headerTags);
  const tagsTable = element(
    'table',
    { class: 'dv-tags-table' },
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        element('th', { scope: 'col' }, text.tag),
        element('th', { scope: 'col' }, text.tagName),
        element('th', { scope: 'col' }, text.vr),
        element('th', { scope: 'col' }, text.value),
      ),
    ),
    tagBody,
  );
  const root = element(
    'section',
    { class: 'dicom-viewer', 'aria-labelledby': id('title'), 'data-state': 'loading' },
    element(
      'header',
      { class: 'dv-bar' },
      element('h2', { id: id('title') }, text.viewerTitle),
      status,
      close,
    ),
    element(
      'div',
      { class: 'dv-body' },
      element(
        'nav',
        { class: 'dv-series', 'aria-labelledby': id('series-title') },
        element('h3', { id: id('series-title') }, text.seriesList),
        seriesList,
      ),
      element(
        'div',
        { class: 'dv-main' },
        element(
          'div',
          { class: 'dv-toolbar' },
          element('label', { for: id('preset') }, text.windowPreset),
          preset,
          element('div', { class: 'dv-tools', role: 'group', 'aria-label': text.tool }, ...toolButtons),
          element('div', { class: 'dv-zoom' }, zoomIn, zoomOut, reset),
        ),
        viewport,
        help,
        element(
          'div',
          { class: 'dv-slice' },
          element('label', { for: id('slice') }, text.slice),
          slider,
          sliceText,
        ),
        element('div', { class: 'dv-readouts' }, windowText, syntaxText),
        notice,
        element(
          'section',
          { class: 'dv-measurements', 'aria-labelledby': id('measurements-title') },
          element('h3', { id: id('measurements-title') }, text.measurements),
          noMeasurements,
          measurementList,
          clearMeasurements,
        ),
      ),
      element(
        // Not a landmark of its own: the scrolling region inside carries the name.
        'div',
        { class: 'dv-tags' },
        tagsHeading,
        // Scrolls on its own: focusable so a keyboard can scroll it too.
        element(
          'div',
          { class: 'dv-tags-scroll', tabindex: '0', role: 'region', 'aria-labelledby': id('tags-title') },
          tagsTable,
        ),
      ),
    ),
  );
  return {
    root,
    close,
    status,
    seriesList,
    preset,
    toolButtons,
    zoomIn,
    zoomOut,
    reset,
    viewport,
    helpId: id('help'),
    slider,
    sliceText,
    windowText,
    syntaxText,
    notice,
    measurementList,
    noMeasurements,
    clearMeasurements,
    tagBody,
  };
}

/** A study's heading in the series list: its description and date, as the header gives them. */
function studyLabel(header: InstanceHeader, text: ViewerText): string {
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(header.studyDate);
  return (
    [header.studyDescription, date ? `${date[1]}-${date[2]}-${date[3]}` : ''].filter(Boolean).join(' · ') ||
    text.noDescription
  );
}

/** The image ids this page has issued: the metadata the loader reads is registered under them. */
let imageCounter = 0;

/** What the header table shows of a loaded image (the file's bytes stay only in Cornerstone's cache). */
interface LoadedImage {
  readonly rows: ReturnType<typeof tagRows>;
  readonly transferSyntaxUid: string;
}

/**
 * Opens the viewer in `host` on the package's DICOM files and zipped discs. Every file is
 * fetched straight from its presigned URL; the first image is drawn as soon as its file is in.
 */
export async function openViewer(
  host: HTMLElement,
  files: readonly ViewerFile[],
  options: ViewerOptions,
): Promise<{ close(): void }> {
  const text = viewerText(options.lang);
  const ui = layout(text);
  host.append(ui.root);
  const openedAt = performance.now();
  const abort = new AbortController();
  const cleanups: (() => void)[] = [];
  const listen = <E extends Event>(target: EventTarget, type: string, handler: (event: E) => void) => {
    target.addEventListener(type, handler as EventListener);
    cleanups.push(() => target.removeEventListener(type, handler as EventListener));
  };

  await startCornerstone();
  const view: StackView = createStackView(ui.viewport);
  const { viewport, canvas } = view;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', text.image);
  canvas.setAttribute('aria-describedby', ui.helpId);
  canvas.tabIndex = 0;
  ui.viewport.addEventListener('contextmenu', (event) => event.preventDefault());

  const index = new SeriesIndex();
  const images = new Map<string, LoadedImage>();
  const seriesButtons = new Map<Series, HTMLButtonElement>();
  let current: Series | undefined;
  let shownIds: string[] = [];
  let fetched = 0;
  let failed = 0;
  let total = 0;
  let closed = false;
  /** Whether the reader has moved through the open series (then its slice is kept, else the first). */
  let moved = false;

  const setStatus = () => {
    const parts = [fetched >= total ? text.loaded(total) : text.loading(fetched, total)];
    if (failed > 0) parts.push(text.failed(failed));
    ui.status.textContent = parts.join(' · ');
    ui.root.dataset.loaded = String(fetched);
    ui.root.dataset.total = String(total);
  };

  // --- The series list, by study. ---
  const studies = new Map<string, { heading: HTMLElement; list: HTMLUListElement }>();
  const studyGroup = (studyInstanceUid: string) => {
    let group = studies.get(studyInstanceUid);
    if (!group) {
      group = {
        heading: element('h4', { class: 'dv-study' }, text.study(studies.size + 1)),
        list: element('ul', { class: 'dv-series-group' }),
      };
      studies.set(studyInstanceUid, group);
      ui.seriesList.append(element('li', { class: 'dv-study-group' }, group.heading, group.list));
    }
    return group;
  };
  const renderSeriesButton = (series: Series) => {
    let button = seriesButtons.get(series);
    if (!button) {
      const thumbnail = element('canvas', {
        class: 'dv-thumb',
        width: '64',
        height: '64',
        'aria-hidden': 'true',
      });
      button = element(
        'button',
        { type: 'button', class: 'dv-series-button', 'aria-pressed': 'false' },
        thumbnail,
        element('span', { class: 'dv-series-name' }),
        element('span', { class: 'dv-series-count' }),
      );
      button.addEventListener('click', () => void showSeries(series));
      seriesButtons.set(series, button);
      studyGroup(series.studyInstanceUid).list.append(element('li', {}, button));
    }
    const header = series.images[0]?.header;
    if (header) {
      studyGroup(series.studyInstanceUid).heading.textContent = studyLabel(header, text);
    }
    button.querySelector('.dv-series-name')!.textContent = seriesLabel(series, text.noDescription);
    button.querySelector('.dv-series-count')!.textContent = text.images(
      Math.max(series.expected, series.images.length),
    );
    const first = series.images[0];
    if (first && button.dataset.thumb !== first.imageId) {
      button.dataset.thumb = first.imageId;
      const thumbnail = button.querySelector('canvas')!;
      coreUtilities
        .loadImageToCanvas({ canvas: thumbnail, imageId: first.imageId, useCPURendering: true })
        .catch(() => undefined);
    }
  };

  // --- The image. ---
  const showTags = (imageId: string | undefined) => {
    const loaded = imageId ? images.get(imageId) : undefined;
    ui.tagBody.replaceChildren();
    if (!loaded) return;
    for (const row of loaded.rows) {
      ui.tagBody.append(
        element(
          'tr',
          {},
          element('td', { class: 'dv-tag' }, row.tag),
          element('td', {}, row.name),
          element('td', {}, row.vr),
          element('td', { class: 'dv-value' }, row.value),
        ),
      );
    }
    const syntax = loaded.transferSyntaxUid;
    ui.syntaxText.textContent = `${text.transferSyntax}: ${transferSyntaxNames[syntax] ?? syntax}`;
  };

  const showWindow = () => {
    const range = viewport.getProperties().voiRange;
    if (!range) return;
    const width = Math.round(range.upper - range.lower);
    const center = Math.round((range.upper + range.lower) / 2);
    ui.windowText.textContent = text.windowValue(width, center);
  };

  const showSlice = () => {
    const at = viewport.getCurrentImageIdIndex();
    ui.slider.max = String(Math.max(0, shownIds.length - 1));
    ui.slider.value = String(at);
    ui.slider.disabled = shownIds.length < 2;
    const label = text.sliceOf(at + 1, shownIds.length);
    ui.slider.setAttribute('aria-valuetext', label);
    ui.sliceText.textContent = label;
    showTags(shownIds[at]);
  };

  const applyPreset = () => {
    const name = ui.preset.value;
    if (name === 'default') {
      const header = current?.images[viewport.getCurrentImageIdIndex()]?.header;
      if (header?.window) viewport.setProperties({ voiRange: voiRange(header.window) });
      else viewport.resetProperties();
    } else {
      viewport.setProperties({ voiRange: voiRange(windowPresets[name as keyof typeof windowPresets]) });
    }
    viewport.render();
    showWindow();
  };

  /** Sets the stack to the series' slices as they stand, keeping the slice, window and camera. */
  const refreshStack = async (keepView: boolean) => {
    if (!current || closed) return;
    const ids = current.images.map((image) => image.imageId);
    if (ids.length === shownIds.length && ids.every((id, at) => id === shownIds[at])) return;
    const before = keepView && moved ? viewport.getCurrentImageId() : undefined;
    const properties = keepView ? viewport.getProperties() : undefined;
    const camera = keepView ? viewport.getCamera() : undefined;
    shownIds = ids;
    const at = before ? Math.max(0, ids.indexOf(before)) : 0;
    await viewport.setStack(ids, at);
    if (closed) return;
    if (properties?.voiRange) viewport.setProperties({ voiRange: properties.voiRange });
    else applyPreset();
    if (camera) viewport.setCamera(camera);
    viewport.render();
    showSlice();
    showWindow();
  };

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleRefresh = () => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      refreshStack(true).catch(() => undefined); // a slice that fails to decode stays out of view
    }, STACK_REFRESH_MS);
  };

  async function showSeries(series: Series) {
    if (series.images.length === 0) return;
    current = series;
    moved = false;
    for (const [other, button] of seriesButtons)
      button.setAttribute('aria-pressed', String(other === series));
    shownIds = [];
    await refreshStack(false);
    const first = series.images[0]?.header;
    options.announce(text.opened(first?.seriesDescription || text.noDescription, series.images.length));
    void prefetch(series);
  }

  /** Decodes the open series' slices in the background, so scrolling never waits. */
  const prefetching = new Set<Series>();
  async function prefetch(series: Series) {
    if (prefetching.has(series) || fetched < total) return;
    prefetching.add(series);
    const ids = series.images.map((image) => image.imageId);
    await Promise.allSettled(
      ids.map((imageId) =>
        cache.getImageLoadObject(imageId) ? Promise.resolve() : imageLoader.loadAndCacheImage(imageId),
      ),
    );
    if (closed || series !== current) return;
    ui.root.dataset.state = 'ready';
    ui.root.dataset.readyMs = String(Math.round(performance.now() - openedAt));
    ui.root.dataset.cacheBytes = String(cache.getCacheSize());
  }

  listen<CustomEvent>(ui.viewport, CoreEnums.Events.STACK_NEW_IMAGE, () => showSlice());
  listen<CustomEvent>(ui.viewport, CoreEnums.Events.VOI_MODIFIED, () => showWindow());
  listen<CustomEvent>(ui.viewport, CoreEnums.Events.IMAGE_RENDERED, () => {
    if (!ui.root.dataset.firstImageMs) {
      ui.root.dataset.firstImageMs = String(Math.round(performance.now() - openedAt));
    }
  });

  // --- Measurements. ---
  const showMeasurements = () => {
    const all = annotation.state
      .getAllAnnotations()
      .filter((entry) => entry.metadata?.toolName === LengthTool.toolName);
    ui.measurementList.replaceChildren(
      ...all.map((entry) => {
        const stats = Object.values(
          (entry.data as { cachedStats?: Record<string, { length?: number; unit?: string }> }).cachedStats ??
            {},
        )[0];
        const slice = shownIds.indexOf(entry.metadata?.referencedImageId ?? '') + 1;
        const value =
          stats?.length === undefined || stats.length === null
            ? ''
            : stats.unit === 'mm'
              ? text.lengthValue(stats.length.toFixed(1))
              : text.lengthNoSpacing;
        return element(
          'li',
          {
            'data-length-mm': stats?.unit === 'mm' && stats.length !== undefined ? String(stats.length) : '',
          },
          slice > 0 ? `${text.sliceOf(slice, shownIds.length)}: ${value}` : value,
        );
      }),
    );
    ui.noMeasurements.hidden = all.length > 0;
    return all;
  };
  /** The length tool recomputes its statistics at most every 100 ms: read them after that. */
  const STATS_SETTLE_MS = 200;
  listen<CustomEvent>(eventTarget, ToolEnums.Events.ANNOTATION_COMPLETED, () => {
    setTimeout(() => {
      if (closed) return;
      const all = showMeasurements();
      const last = ui.measurementList.lastElementChild?.textContent;
      if (all.length > 0 && last) options.announce(last);
    }, STATS_SETTLE_MS);
  });
  listen<CustomEvent>(eventTarget, ToolEnums.Events.ANNOTATION_MODIFIED, () => showMeasurements());
  listen<CustomEvent>(eventTarget, ToolEnums.Events.ANNOTATION_REMOVED, () => showMeasurements());
  ui.clearMeasurements.addEventListener('click', () => {
    for (const entry of annotation.state.getAllAnnotations()) {
      if (entry.annotationUID) annotation.state.removeAnnotation(entry.annotationUID);
    }
    viewport.render();
    showMeasurements();
  });

  // --- Controls. ---
  ui.preset.addEventListener('change', applyPreset);
  for (const button of ui.toolButtons) {
    button.addEventListener('click', () => {
      view.setPrimaryTool(button.dataset.tool as PrimaryTool);
      for (const other of ui.toolButtons) other.setAttribute('aria-pressed', String(other === button));
    });
  }
  const zoomBy = (factor: number) => {
    viewport.setZoom(viewport.getZoom() * factor);
    viewport.render();
  };
  const panBy = (dx: number, dy: number) => {
    const [x, y] = viewport.getPan();
    viewport.setPan([x + dx, y + dy]);
    viewport.render();
  };
  const resetView = () => {
    viewport.resetCamera();
    viewport.render();
  };
  ui.zoomIn.addEventListener('click', () => zoomBy(1.25));
  ui.zoomOut.addEventListener('click', () => zoomBy(0.8));
  ui.reset.addEventListener('click', resetView);
  ui.slider.addEventListener('input', () => {
    moved = true;
    void viewport.setImageIdIndex(Number(ui.slider.value));
  });
  // The wheel scrolls slices (Cornerstone's stack scroll tool): the reader has moved.
  ui.viewport.addEventListener('wheel', () => {
    moved = true;
  });
  ui.close.addEventListener('click', () => options.onClose());

  const goTo = (at: number) => {
    if (shownIds.length === 0) return;
    moved = true;
    void viewport.setImageIdIndex(Math.max(0, Math.min(shownIds.length - 1, at)));
  };
  canvas.addEventListener('keydown', (event) => {
    const at = viewport.getCurrentImageIdIndex();
    const step = 20;
    const keys: Record<string, () => void> = event.shiftKey
      ? {
          ArrowUp: () => panBy(0, -step),
          ArrowDown: () => panBy(0, step),
          ArrowLeft: () => panBy(-step, 0),
          ArrowRight: () => panBy(step, 0),
        }
      : {
          ArrowUp: () => goTo(at - 1),
          ArrowLeft: () => goTo(at - 1),
          ArrowDown: () => goTo(at + 1),
          ArrowRight: () => goTo(at + 1),
          PageUp: () => goTo(at - 10),
          PageDown: () => goTo(at + 10),
          Home: () => goTo(0),
          End: () => goTo(shownIds.length - 1),
          '+': () => zoomBy(1.25),
          '=': () => zoomBy(1.25),
          '-': () => zoomBy(0.8),
          '0': resetView,
        };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
  ui.root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') options.onClose();
  });

  // Cornerstone sizes its canvas from the element: follow the layout (window, tablet rotation).
  const resize = new ResizeObserver(() => {
    if (!closed) viewport.getRenderingEngine()?.resize(true, true);
  });
  resize.observe(ui.viewport);

  // --- Loading. ---
  const addLoaded = async (source: InstanceSource, bytes: Uint8Array) => {
    const dataSet = parseHeader(bytes);
    const header = instanceHeader(dataSet);
    if (!header.hasPixels) {
      ui.notice.hidden = false;
      ui.notice.textContent = text.noPixels;
      return;
    }
    imageCounter += 1;
    const imageId = `wadouri:viewer/${imageCounter}`;
    const buffer =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.slice().buffer as ArrayBuffer);
    // The loader reads the instance from the metadata cache instead of fetching it again (the
    // cache parses it asynchronously: it must be in before the image is asked for).
    await metadataUtilities.addDicomPart10Instance(imageId, buffer);
    if (closed) return;
    images.set(imageId, { rows: tagRows(dataSet), transferSyntaxUid: header.transferSyntaxUid });
    const promised = source.dicom;
    const matches =
      promised?.seriesInstanceUid === header.seriesInstanceUid &&
      promised.studyInstanceUid === header.studyInstanceUid;
    if (promised && !matches) {
      const promisedSeries = index.all.find(
        (series) => series.seriesInstanceUid === promised.seriesInstanceUid,
      );
      if (promisedSeries) promisedSeries.expected = Math.max(0, promisedSeries.expected - 1);
    }
    const series = index.add({ imageId, key: source.key, header }, Boolean(matches));
    renderSeriesButton(series);
    if (!current) void showSeries(series);
    else if (series === current) scheduleRefresh();
  };

  const load = async () => {
    const { sources, failed: unreadableDiscs } = await instanceSources(files, abort.signal, (disc) =>
      options.announce(text.readingDisc(disc.fileName)),
    );
    failed += unreadableDiscs;
    total = sources.length;
    for (const source of sources) {
      if (source.dicom) index.expect(source.dicom.studyInstanceUid, source.dicom.seriesInstanceUid);
    }
    for (const series of index.all) renderSeriesButton(series);
    setStatus();
    if (total === 0) {
      ui.notice.hidden = false;
      ui.notice.textContent = text.noImages;
      ui.root.dataset.state = 'empty';
      return;
    }
    let next = 0;
    const worker = async () => {
      while (next < sources.length && !closed) {
        const source = sources[next]!;
        next += 1;
        try {
          await addLoaded(source, await source.load(abort.signal));
        } catch {
          if (closed) return;
          failed += 1;
        }
        fetched += 1;
        setStatus();
      }
    };
    await Promise.all(Array.from({ length: FETCH_CONCURRENCY }, worker));
    if (closed) return;
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = undefined;
    await refreshStack(true);
    for (const series of index.all) renderSeriesButton(series);
    ui.root.dataset.fetchedMs = String(Math.round(performance.now() - openedAt));
    if (current) await prefetch(current);
    else ui.root.dataset.state = 'empty';
  };
  void load().catch(() => {
    if (closed) return;
    failed += 1;
    setStatus();
  });

  canvas.focus();
  return {
    close() {
      if (closed) return;
      closed = true;
      abort.abort();
      if (refreshTimer) clearTimeout(refreshTimer);
      for (const cleanup of cleanups) cleanup();
      resize.disconnect();
      annotation.state.removeAllAnnotations();
      view.destroy();
      // The decoded slices and the files' bytes (kept by the metadata cache) go with the viewer.
      for (const imageId of images.keys()) {
        // The cache may have let a slice go already (it evicts under its size limit): then it
        // throws, and there is nothing left to remove.
        if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
        metaData.clearQuery(MetadataEnums.MetadataModules.NATURALIZED, imageId);
      }
      ui.root.remove();
    },
  };
}
