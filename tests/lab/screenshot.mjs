// Open a notebook in a running JupyterLab with headless Chromium, clear its stored outputs, run all
// cells from the Run menu, wait for a widget whose text contains given strings, and screenshot it.
//
//   node tests/lab/screenshot.mjs '{"url": "http://127.0.0.1:PORT", "token": "...", "notebook": "15-kube-scheduler.ipynb",
//                                   "expect": ["NodeAffinity", "node1"], "png": "build/screenshots/x.png",
//                                   "chromium": "/usr/bin/chromium", "profile": "/tmp/dir", "timeout": 120000}'
//
// Prints one JSON line on stdout: {widgetText, widgetBox, viewport, errors, cells, timings}.
// Used by tests/viz/test_lab_screenshot.py; playwright-core comes from tests/lab/package.json (`npm ci`).
import { chromium } from 'playwright-core';

const opts = JSON.parse(process.argv[2]);
const t0 = Date.now();
const timings = {};
const mark = (what) => { timings[what] = (Date.now() - t0) / 1000; };
const viewport = { width: 1280, height: 1000 };

const context = await chromium.launchPersistentContext(opts.profile, {
  executablePath: opts.chromium,
  headless: true,
  viewport,
  deviceScaleFactor: 1,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
let result;
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(opts.timeout);
  mark('browser');
  await page.goto(`${opts.url}/lab/tree/${opts.notebook}?token=${opts.token}`);
  await page.locator('.jp-NotebookPanel .jp-Notebook .jp-Cell').first().waitFor();
  mark('notebook open');

  // The kernel must be up before Run All, or the run is queued behind "Connecting".
  await page.waitForFunction(() => {
    const panel = window.jupyterapp?.shell?.currentWidget;
    return panel?.sessionContext?.session?.kernel?.status === 'idle';
  });
  mark('kernel idle');

  // Through the menus, as a learner would: Edit > Clear Outputs of All Cells, then Run > Run All Cells.
  // Clearing first means any widget on the page afterwards was drawn by this run's kernel, not
  // restored from the widget state stored in the notebook.
  const menu = async (title, command) => {
    await page.locator('#jp-MainMenu .lm-MenuBar-itemLabel', { hasText: new RegExp(`^${title}$`) })
      .click({ timeout: 10000 });
    await page.locator(`.lm-Menu-item[data-command="${command}"]`).click({ timeout: 10000 });
  };
  await menu('Edit', 'editmenu:clear-all');
  await page.waitForFunction(() => document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length === 0);
  await menu('Run', 'runmenu:run-all');
  mark('run all clicked');

  // The scheduling widget: a rendered ipywidgets box whose text has every expected string.
  const widget = opts.expect.reduce((loc, s) => loc.filter({ hasText: s }),
    page.locator('.jp-OutputArea-output .widget-vbox').filter({ has: page.locator('.widget-html table') }));
  await page.waitForFunction((expect) => [...document.querySelectorAll('.jp-OutputArea-output .widget-vbox')]
    .some((el) => el.querySelector('.widget-html table') && expect.every((s) => el.innerText.includes(s))),
  opts.expect);
  mark('widget rendered');

  // Every code cell has run (an execution count, kernel idle again).
  await page.waitForFunction(() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.widgets.filter((c) => c.model.type === 'code');
    return panel.sessionContext.session.kernel.status === 'idle' &&
      cells.every((c) => c.model.executionCount !== null);
  });
  mark('run all finished');

  // The file browser takes a fifth of the width: fold it away (View > Show Left Sidebar) for the picture.
  await page.evaluate(() => window.jupyterapp.commands.execute('application:toggle-left-area'));
  const first = widget.first();
  await first.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);          // let the scroll settle before the picture (layout, not logic)
  const widgetText = await first.innerText();
  const widgetBox = await first.boundingBox();
  const cells = await page.evaluate(() => window.jupyterapp.shell.currentWidget.content.widgets.map((c, i) => ({
    index: i,
    type: c.model.type,
    executionCount: c.model.type === 'code' ? c.model.executionCount : null,
    outputs: c.model.type === 'code' ? c.model.outputs.toJSON().map((o) => o.output_type) : [],
  })));
  const errors = await page.evaluate(() => window.jupyterapp.shell.currentWidget.content.widgets.flatMap((c, i) =>
    c.model.type === 'code'
      ? c.model.outputs.toJSON().filter((o) => o.output_type === 'error')
        .map((o) => ({ cell: i, ename: o.ename, evalue: o.evalue }))
      : []));
  await page.screenshot({ path: opts.png });
  mark('screenshot');
  result = { widgetText, widgetBox, viewport, errors, cells, timings };
} finally {
  await context.close();
}
console.log(JSON.stringify(result));
