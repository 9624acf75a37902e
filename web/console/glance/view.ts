import './styles.css';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  type ChartOptions,
  Legend,
  LinearScale,
  type Plugin,
  Tooltip,
} from 'chart.js';
import { h, uniqueId } from '../ui';
import { ApiError, type View, type ViewContext } from '../view';
import {
  type Dashboard,
  formatDays,
  formatTime,
  type Lang,
  overdueItems,
  stageRows,
  stageSeries,
  stageSummary,
  turnaroundRows,
  turnaroundSeries,
  turnaroundSummary,
} from './series';
import { type GlanceText, glanceText } from './text';

// Only what the two bar charts use: the rest of Chart.js stays out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/**
 * Colours chosen by lightness first, so the charts read in greyscale too: measured bars are dark
 * and solid, promised bars light with a dark outline, the overdue stage striped.
 */
const palette = {
  ink: '#1b1f23',
  grid: '#d0d7de',
  stage: '#2b5f8f',
  overdue: '#9e1c1c',
  overdueWash: '#f6d8d6',
  measured: '#1d3f63',
  promised: '#c5d7ea',
  promisedEdge: '#1d3f63',
};

/** The axes of a horizontal bar chart: the figures along x from zero, the categories down y. */
function barScales(
  font: string,
  title: string,
  x: { max?: number; ticks: { precision?: number; stepSize?: number } },
): ChartOptions<'bar'>['scales'] {
  return {
    x: {
      beginAtZero: true,
      ...(x.max === undefined ? {} : { max: x.max }),
      ticks: { ...x.ticks, color: palette.ink, font: { family: font, size: 12 } },
      grid: { color: palette.grid },
      title: { display: true, text: title, color: palette.ink, font: { family: font, size: 12 } },
    },
    y: { ticks: { color: palette.ink, font: { family: font, size: 13 } }, grid: { display: false } },
  };
}

/** Diagonal stripes: the overdue bar stands out without relying on its colour. */
function stripes(line: string, wash: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 10;
  tile.height = 10;
  const pen = tile.getContext('2d');
  if (!pen) return line;
  pen.fillStyle = wash;
  pen.fillRect(0, 0, 10, 10);
  pen.strokeStyle = line;
  pen.lineWidth = 3;
  pen.beginPath();
  for (const offset of [-10, 0, 10]) {
    pen.moveTo(offset, 10);
    pen.lineTo(offset + 10, 0);
  }
  pen.stroke();
  return pen.createPattern(tile, 'repeat') ?? line;
}

/** Each bar's value written at its end, so a reader need not estimate it from the axis. */
function valueLabels(format: (value: number) => string, font: string): Plugin<'bar'> {
  return {
    id: 'glanceValueLabels',
    afterDatasetsDraw(chart) {
      const pen = chart.ctx;
      pen.save();
      pen.font = `600 13px ${font}`;
      pen.fillStyle = palette.ink;
      pen.textBaseline = 'middle';
      chart.data.datasets.forEach((dataset, index) => {
        const meta = chart.getDatasetMeta(index);
        if (meta.hidden) return;
        meta.data.forEach((bar, position) => {
          const value = dataset.data[position];
          if (typeof value !== 'number') return;
          const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
          pen.fillText(format(value), x + 6, y);
        });
      });
      pen.restore();
    },
  };
}

function failureMessage(error: unknown, text: GlanceText): string {
  if (!(error instanceof ApiError)) {
    console.error(error);
    return text.errors.server;
  }
  if (error.status === 0) return text.errors.network;
  if (error.status === 401) return text.errors.unauthorized;
  if (error.status === 403) return text.errors.forbidden;
  if (error.status === 429) return text.errors.tooMany;
  if (error.status >= 500) return text.errors.server;
  return text.errors.other(error.message);
}

/** A table of the chart's figures, behind a disclosure (the chart's summary is always read out). */
function figuresTable(text: GlanceText, caption: string, head: string[], rows: (Node | string)[][]) {
  return h(
    'details',
    { class: 'gl-figures' },
    h('summary', {}, text.showTable),
    h(
      'table',
      { class: 'gl-table' },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map(([first, ...rest]) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, first ?? ''),
            rest.map((cell) => h('td', {}, cell)),
          ),
        ),
      ),
    ),
  );
}

/** A chart's frame: the canvas is an image named by the summary, so a screen reader hears the figures as a sentence. */
function chartFigure(headingId: string, summary: string, height: number) {
  const canvas = h('canvas', { role: 'img', 'aria-label': summary });
  const frame = h('div', { class: 'gl-chart' }, canvas);
  // CSSOM, not a style attribute: allowed by the console's CSP.
  frame.style.height = `${height}px`;
  return { canvas, element: h('figure', { class: 'gl-figure', 'aria-labelledby': headingId }, frame) };
}

export const glanceView: View = (root: HTMLElement, ctx: ViewContext) => {
  const lang: Lang = ctx.lang;
  const text = glanceText[lang];
  let alive = true;
  let charts: Chart[] = [];

  const headingId = uniqueId('gl-title');
  const status = h('p', { class: 'gl-status', role: 'status' }, text.loading);
  const error = h('p', { class: 'message', 'data-kind': 'error', role: 'alert', hidden: true });
  const refreshButton = h(
    'button',
    { type: 'button', class: 'secondary', onclick: () => load(true) },
    text.refresh,
  );
  const board = h('div', { class: 'gl-board' });
  root.replaceChildren(
    h(
      'section',
      { class: 'gl-page', 'aria-labelledby': headingId },
      h('div', { class: 'view-heading' }, h('h1', { id: headingId }, text.title), refreshButton),
      h('p', { class: 'intro' }, text.intro),
      status,
      error,
      board,
    ),
  );

  const fontFamily = () => getComputedStyle(root).fontFamily || 'system-ui, sans-serif';

  function destroyCharts() {
    for (const chart of charts) chart.destroy();
    charts = [];
  }

  function stagesSection(data: Dashboard) {
    const id = uniqueId('gl-stages');
    const series = stageSeries(data, text);
    const figure = chartFigure(id, stageSummary(data, text), series.labels.length * 34 + 56);
    const font = fontFamily();
    const config: ChartConfiguration<'bar', number[], string> = {
      type: 'bar',
      data: {
        labels: series.labels,
        datasets: [
          {
            label: text.countColumn,
            data: series.counts,
            backgroundColor: series.urgent.map((urgent) =>
              urgent ? stripes(palette.overdue, palette.overdueWash) : palette.stage,
            ),
            borderColor: series.urgent.map((urgent) => (urgent ? palette.overdue : palette.stage)),
            borderWidth: 1.5,
            maxBarThickness: 22,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        layout: { padding: { right: 28 } },
        font: { family: font },
        plugins: {
          legend: { display: false },
          tooltip: { enabled: true },
        },
        scales: barScales(font, text.stagesAxis, { ticks: { precision: 0 } }),
        // A bar opens the cases list at that stage (the table below has the same links for the keyboard).
        onClick: (_event, elements) => {
          const index = elements[0]?.index;
          const status = index === undefined ? undefined : series.statuses[index];
          if (status) ctx.navigate(`/cases?status=${encodeURIComponent(status)}`);
        },
        onHover: (event, elements) => {
          const target = event.native?.target;
          if (target instanceof HTMLElement)
            target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
        },
      },
      plugins: [valueLabels((value) => String(value), font)],
    };
    const rows = stageRows(data, text).map((row) => [
      row.label,
      row.count > 0
        ? h(
            'a',
            { href: row.href, 'aria-label': `${row.count} · ${text.listCases(text.stageTick(row.status))}` },
            String(row.count),
          )
        : '0',
    ]);
    const section = h(
      'section',
      { class: 'card gl-stages', 'aria-labelledby': id },
      h('h2', { id }, text.stagesHeading),
      h('p', { class: 'gl-note' }, text.openCases(data.openCases)),
      figure.element,
      figuresTable(text, text.stagesHeading, [text.stageColumn, text.countColumn], rows),
    );
    return { section, draw: () => new Chart(figure.canvas, config) };
  }

  function turnaroundSection(data: Dashboard) {
    const id = uniqueId('gl-turnaround');
    const since = formatTime(data.turnaround.since, lang);
    const intro = h('p', { class: 'gl-note' }, text.turnaroundIntro(data.turnaround.windowDays, since));
    if (data.turnaround.hospitals.length === 0) {
      return {
        section: h(
          'section',
          { class: 'card gl-turnaround', 'aria-labelledby': id },
          h('h2', { id }, text.turnaroundHeading),
          h('p', {}, text.noHospitals),
        ),
        draw: undefined,
      };
    }
    const series = turnaroundSeries(data, text, lang);
    const figure = chartFigure(
      id,
      turnaroundSummary(data, text, lang),
      series.labels.reduce((sum, lines) => sum + lines.length * 16 + 36, 80),
    );
    const font = fontFamily();
    const config: ChartConfiguration<'bar', (number | null)[], string[]> = {
      type: 'bar',
      data: {
        labels: series.labels,
        datasets: [
          {
            label: text.measured,
            data: series.measured,
            backgroundColor: palette.measured,
            borderColor: palette.measured,
            borderWidth: 1.5,
            maxBarThickness: 20,
          },
          {
            label: text.promised,
            data: series.promised,
            backgroundColor: palette.promised,
            borderColor: palette.promisedEdge,
            borderWidth: 1.5,
            maxBarThickness: 20,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        layout: { padding: { right: 36 } },
        plugins: {
          legend: {
            position: 'top',
            align: 'start',
            labels: { color: palette.ink, font: { family: font, size: 13 }, boxWidth: 18, boxHeight: 12 },
          },
          tooltip: {
            callbacks: {
              label: (item) =>
                typeof item.raw === 'number'
                  ? `${item.dataset.label}: ${text.businessDays(item.raw)}`
                  : `${item.dataset.label}: ${text.noReports}`,
            },
          },
        },
        scales: barScales(font, text.daysAxis, { max: series.max, ticks: { stepSize: 1 } }),
      },
      plugins: [valueLabels((value) => formatDays(value, lang), font)],
    };
    const rows = turnaroundRows(data, text, lang).map((row) => [
      row.hospital,
      row.reports,
      row.median,
      row.promised,
      row.onTime,
    ]);
    const section = h(
      'section',
      { class: 'card gl-turnaround', 'aria-labelledby': id },
      h('h2', { id }, text.turnaroundHeading),
      intro,
      figure.element,
      figuresTable(
        text,
        text.turnaroundHeading,
        [text.hospitalColumn, text.reportsColumn, text.medianColumn, text.promisedColumn, text.onTimeColumn],
        rows,
      ),
    );
    return { section, draw: () => new Chart(figure.canvas, config) };
  }

  function overdueSection(data: Dashboard) {
    const id = uniqueId('gl-overdue');
    const items = overdueItems(data, text, lang);
    const list =
      items.length === 0
        ? h('p', { class: 'empty' }, text.noOverdue)
        : h(
            'ol',
            { class: 'gl-overdue-list' },
            items.map((item) =>
              h(
                'li',
                { 'data-case': item.caseId },
                h('a', { href: item.href, class: 'gl-case-link' }, item.caseId),
                h('span', { class: 'gl-overdue-days' }, item.overdue),
                h('span', { class: 'gl-overdue-meta' }, `${item.hospital} · ${item.due}`),
              ),
            ),
          );
    return h(
      'section',
      { class: 'card gl-overdue', 'aria-labelledby': id },
      h('h2', { id }, text.overdueHeading),
      h('p', { class: 'gl-note' }, items.length === 0 ? text.overdueIntro : text.overdueNote(items.length)),
      list,
    );
  }

  function render(data: Dashboard) {
    destroyCharts();
    const stages = stagesSection(data);
    const turnaround = turnaroundSection(data);
    board.replaceChildren(
      h('div', { class: 'gl-row' }, stages.section, overdueSection(data)),
      turnaround.section,
    );
    charts = [stages.draw(), ...(turnaround.draw ? [turnaround.draw()] : [])];
  }

  let loading = false;
  async function load(byHand: boolean) {
    // Not `disabled`: a disabled button drops the keyboard focus of whoever pressed it.
    if (loading) return;
    loading = true;
    error.hidden = true;
    refreshButton.setAttribute('aria-disabled', 'true');
    if (byHand) refreshButton.textContent = text.refreshing;
    try {
      const data = await ctx.api.get<Dashboard>('/dashboard');
      if (!alive) return;
      render(data);
      status.textContent = text.updated(formatTime(data.generatedAt, lang));
      if (byHand) ctx.announce(status.textContent);
    } catch (failure) {
      if (!alive) return;
      status.textContent = '';
      error.textContent = failureMessage(failure, text);
      error.hidden = false;
    } finally {
      loading = false;
      if (alive) {
        refreshButton.removeAttribute('aria-disabled');
        refreshButton.textContent = text.refresh;
      }
    }
  }

  void load(false);
  return () => {
    alive = false;
    destroyCharts();
  };
};
