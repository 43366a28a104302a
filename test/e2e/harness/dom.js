// Runs inside the workbench page (injected by Playwright's addInitScript): reads what a person
// sees from VS Code's DOM. Plain browser JavaScript, so no bundler helper or Node type leaks in.
'use strict';
window.paddedCellE2E = {
  /** The Problems view's rendered rows: file rows and the marker rows under each. */
  problems() {
    const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')];
    rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    const files = [];
    const markers = [];
    let current = '';
    for (const row of rows) {
      const label = row.getAttribute('aria-label') || '';
      const fileRow = /^(\d+) problems? in file (.+) of folder (.+)$/.exec(label);
      if (fileRow) {
        current = fileRow[2];
        files.push({ file: fileRow[2], folder: fileRow[3], count: Number(fileRow[1]) });
        continue;
      }
      if (row.getAttribute('aria-level') !== '2') continue;
      const text = (selector) => ((row.querySelector(selector) || {}).textContent || '').trim();
      const position = /Ln (\d+), Col (\d+)/.exec(text('.marker-line'));
      const icon = (row.querySelector('.marker-icon') || {}).className || '';
      const severity = ['error', 'warning', 'info', 'hint'].find((s) => icon.split(/\s+/).includes(s)) || 'unknown';
      const link = row.querySelector('a.monaco-link');
      markers.push({
        file: current,
        severity,
        message: text('.marker-message'),
        source: text('.marker-source'),
        code: text('.marker-code'),
        href: link ? link.getAttribute('href') : null,
        line: position ? Number(position[1]) : 0,
        column: position ? Number(position[2]) : 0,
      });
    }
    return { files, markers };
  },

  /** The active editor's rendered lines, top to bottom. */
  editorText() {
    const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')];
    return lines
      .map((l) => ({ top: parseFloat(l.style.top), text: (l.textContent || '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text)
      .join('\n');
  },

  squiggles() {
    const count = (kind) => document.querySelectorAll(`.editor-group-container.active .monaco-editor .squiggly-${kind}`).length;
    return { error: count('error'), warning: count('warning'), info: count('info') };
  },

  /**
   * Starts recording notification toasts and status bar progress: a scan of a small workspace
   * can come and go within a second, between two polls.
   */
  recordNotifications() {
    this.seen = [];
    if (this.observer) this.observer.disconnect();
    const note = (entry) => {
      if (entry.text && !this.seen.some((s) => s.where === entry.where && s.text === entry.text && s.progress === entry.progress)) this.seen.push(entry);
    };
    const look = () => {
      for (const toast of document.querySelectorAll('.notification-toast')) {
        const bar = toast.querySelector('.monaco-progress-container');
        const progress = !!bar && bar.offsetParent !== null && !bar.classList.contains('done') &&
          (bar.classList.contains('active') || bar.classList.contains('infinite') || bar.classList.contains('discrete'));
        note({ where: 'notification', text: toast.innerText.trim(), progress });
      }
      for (const item of document.querySelectorAll('.statusbar-item')) {
        if (item.querySelector('[class*="~spin"], .codicon-loading')) {
          note({ where: 'statusbar', text: `${item.innerText.trim()} ${item.getAttribute('aria-label') || ''}`.trim(), progress: true });
        }
      }
    };
    this.observer = new MutationObserver(look);
    this.observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  },

  seenNotifications() {
    return this.seen || [];
  },

  statusBar() {
    return [...document.querySelectorAll('.statusbar-item')].map((e) => `${e.id}: ${e.innerText.trim()} [${e.getAttribute('aria-label') || ''}]`);
  },
};
